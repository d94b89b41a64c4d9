// Errors are handled once: ApiError, zod failures, malformed JSON and anything unexpected all
// become { error: { code, message, details? } }; a stack never reaches the client.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { ApiError, errorBody, fieldIssues } from '../lib/http-error.ts';

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof ZodError) return c.json(errorBody('invalid_request', 'The request is not valid.', fieldIssues(err.issues)), 400);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    // Framework exceptions: bodyLimit (413), a body that is not JSON where JSON is required (415),
    // unreadable JSON (400), anything else keeps its status.
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 400 ? 'invalid_json' : 'http_error';
    return c.json(errorBody(code, err.message || 'Request refused.'), status);
  }
  console.error('Unhandled error', err);
  return c.json(errorBody('internal_error', 'Something went wrong on our side.'), 500);
}

export function notFoundJson(c: Context): Response {
  return c.json(errorBody('not_found', `No such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
