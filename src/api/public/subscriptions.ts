// Email subscriptions over HTTP (mounted under /api):
//   POST /subscriptions               subscribe, JSON (202) or a form post (303 → "check your inbox")
//   POST /subscriptions/confirm       confirm with a confirm token (JSON clients; people use the page)
//   POST /subscriptions/unsubscribe   RFC 8058 one-click unsubscribe: empty 200, no Origin needed
//   GET  /subscriptions/unsubscribe   a person opening that link: sent to the unsubscribe page
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { ApiError, errorBody } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { clientKey } from '../../services/kernel/rate-limit.ts';
import { confirmSubscription, requestSubscription, subscriberFromToken, unsubscribe, type FieldError, type SubscriptionInput } from '../../services/subscriptions/subscriptions.ts';

const MAX_BODY_BYTES = 16 * 1024;

const FIELD_MESSAGES: Record<FieldError['code'], string> = {
  required: 'This field is required.',
  too_long: 'An email address has at most 254 characters.',
  invalid_email: 'This is not a valid email address.',
  invalid_locale: 'The language must be one of: nl, en.',
  invalid_services: 'Services must be a list of service slugs, or "all".',
  unknown_service: 'No active service has this slug.',
};

// The client's rate-limit key, read before bodyLimit may wrap the request (a new Request loses the
// address @astrojs/node attached to the original).
type Env = { Variables: { client: string } };

export function subscriptionRoutes(ctx: AppContext): Hono<Env> {
  const app = new Hono<Env>();
  app.use('/subscriptions', async (c, next) => {
    c.set('client', clientKey(c.req.raw, ctx.config.trustProxy));
    await next();
  });
  app.use('/subscriptions', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(errorBody('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413) }));

  app.post('/subscriptions', sameOriginForms(ctx), async (c) => {
    const { input, isForm } = await readSubscription(c);
    const result = requestSubscription(ctx, input, { client: c.get('client'), fallbackLocale: ctx.config.defaultLocale });
    if (result.status === 'rate_limited') {
      c.header('retry-after', String(result.retryAfterSeconds));
      return c.json(errorBody('rate_limited', 'Too many subscription requests. Try again later.', { retryAfterSeconds: result.retryAfterSeconds }), 429);
    }
    if (result.status === 'invalid') {
      const details = result.errors.map((e) => ({ path: e.field, code: e.code, message: FIELD_MESSAGES[e.code], ...(e.slugs && { slugs: e.slugs }) }));
      return c.json(errorBody('invalid_request', 'The request is not valid.', details), 400);
    }
    // The same answer for every address, known or not: nothing here may tell them apart.
    if (isForm) return c.redirect(`/${result.locale}/subscribe/sent`, 303);
    return c.json({ status: 'pending_confirmation' }, 202);
  });

  // Token-authorised, so no Origin check: the token itself is the proof, and links in emails are
  // followed from mail clients and providers that send no (or a foreign) Origin.
  app.post('/subscriptions/confirm', (c) => {
    const result = confirmSubscription(ctx, c.req.query('token'));
    if (!result.ok) throw tokenError(result.reason, 'confirmation');
    return c.json({ status: 'confirmed' }, 200);
  });

  // RFC 8058: mailbox providers POST `List-Unsubscribe=One-Click` here from their own servers, with
  // no Origin and no cookies. The body carries nothing we need, so it is not read.
  app.post('/subscriptions/unsubscribe', (c) => {
    const found = subscriberFromToken(ctx, c.req.query('token'), 'unsubscribe');
    if (!found.ok) throw tokenError(found.reason, 'unsubscribe');
    unsubscribe(ctx, found.subscriber.id);
    return c.body(null, 200);
  });

  // Someone (or a link scanner) opening the List-Unsubscribe URL: a GET changes nothing, it only
  // leads to the page with the button.
  app.get('/subscriptions/unsubscribe', (c) => {
    const token = c.req.query('token') ?? '';
    const found = subscriberFromToken(ctx, token, 'unsubscribe');
    const locale = found.ok ? found.subscriber.locale : ctx.config.defaultLocale;
    return c.redirect(`/${locale}/unsubscribe?token=${encodeURIComponent(token)}`, 303);
  });

  return app;
}

function tokenError(reason: 'invalid' | 'expired', what: string): ApiError {
  return reason === 'expired'
    ? new ApiError('token_expired', `This ${what} link has expired.`)
    : new ApiError('invalid_token', `This ${what} link is not valid.`);
}

/**
 * CSRF: a form post (or any browser-simple content type) must come from our own origin — the
 * configured PUBLIC_URL, or the origin the request was addressed to — by Origin or Sec-Fetch-Site.
 * JSON needs no check: a cross-site browser cannot send it without a CORS preflight we never allow.
 */
function sameOriginForms(ctx: AppContext): MiddlewareHandler {
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  const guard = csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
  return async (c, next) => {
    try {
      await guard(c, next);
    } catch (err) {
      if (err instanceof HTTPException && !(err instanceof ApiError) && err.status === 403) {
        throw new ApiError('cross_origin_refused', 'Form posts are only accepted from this status page.');
      }
      throw err;
    }
  };
}

async function readSubscription(c: Context): Promise<{ input: SubscriptionInput; isForm: boolean }> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/(.+\+)?json\b/i.test(type)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError('invalid_json', 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('invalid_request', 'The request body must be a JSON object.');
    return { input: body as SubscriptionInput, isForm: false };
  }
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    const form = await c.req.parseBody({ all: true });
    const strings = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    return { input: { email: strings(form.email)[0], locale: strings(form.locale)[0], services: strings(form.services) }, isForm: true };
  }
  throw new ApiError('unsupported_media_type', 'Send application/json or application/x-www-form-urlencoded.');
}
