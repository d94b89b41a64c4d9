// POST /api/webhooks/resend: Resend's delivery events, signed by svix. The signature is checked on
// the raw body (re-serialised JSON would not match), then the message is applied once by its
// svix-id. Bounces and complaints suppress the address; every other event is acknowledged and
// ignored. Valid messages always get a 200, so Resend never retries something we already handled.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Webhook } from 'svix';
import { z } from 'zod';
import { ApiError, errorBody } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { applyWebhookMessage } from '../../services/subscriptions/subscriptions.ts';

const MAX_BODY_BYTES = 256 * 1024;

const resendEvent = z.looseObject({
  type: z.string().min(1).max(100),
  data: z
    .looseObject({
      to: z.union([z.string(), z.array(z.string())]).optional(),
      bounce: z.looseObject({ type: z.string().optional(), subType: z.string().optional() }).optional(),
    })
    .optional(),
});

export function webhookRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.post(
    '/webhooks/resend',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(errorBody('payload_too_large', `Webhook bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413) }),
    async (c) => {
      const webhook = verifier(ctx.config.resendWebhookSecret);
      const raw = await c.req.text();
      const headers = {
        'svix-id': c.req.header('svix-id') ?? '',
        'svix-timestamp': c.req.header('svix-timestamp') ?? '',
        'svix-signature': c.req.header('svix-signature') ?? '',
      };
      // Also rejects timestamps more than five minutes from the server's real clock (svix's replay window).
      try {
        webhook.verify(raw, headers);
      } catch {
        throw new ApiError('invalid_signature', 'The webhook signature is not valid.');
      }
      if (headers['svix-id'].length > 200) throw new ApiError('invalid_request', 'The svix-id header is too long.');

      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new ApiError('invalid_json', 'The webhook body is not valid JSON.');
      }
      const event = resendEvent.safeParse(json);
      if (!event.success) throw new ApiError('invalid_request', 'The webhook body is not a Resend event.');

      const { type, data } = event.data;
      const to = data?.to;
      const bounce = data?.bounce;
      const outcome = applyWebhookMessage(ctx, {
        id: headers['svix-id'],
        type,
        recipients: to === undefined ? [] : Array.isArray(to) ? to : [to],
        detail: bounce ? [bounce.type, bounce.subType].filter(Boolean).join('/') || undefined : undefined,
      });
      return c.json(outcome === 'processed' ? { status: 'processed' } : { status: 'ignored', reason: outcome === 'replay' ? 'replay' : 'unhandled_type' }, 200);
    },
  );
  return app;
}

/** Unset secret: refused with a 400 rather than a 5xx, so nothing looks like an outage to retry. */
function verifier(secret: string | undefined): Webhook {
  const refused = new ApiError('webhook_not_configured', 'Resend webhooks are not configured on this server (RESEND_WEBHOOK_SECRET).');
  if (!secret) throw refused;
  try {
    return new Webhook(secret);
  } catch {
    throw refused;
  }
}
