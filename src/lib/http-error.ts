// One error type for the whole API: a machine code from one closed list, a human message and
// optional details, rendered once by the app's error handler as { error: { code, message, details? } }.
// The HTTP status belongs to the code, so one fault can never answer with two statuses or two codes.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code the server answers with, and its HTTP status. Listed in the OpenAPI document. */
export const ERROR_STATUS = {
  // 400: the request cannot be read or is not valid
  invalid_request: 400,
  invalid_json: 400,
  duplicate_service: 400,
  invalid_token: 400,
  invalid_signature: 400,
  webhook_not_configured: 400,
  invalid_webhook_url: 400,
  // 401/403: who is asking
  unauthorized: 401,
  forbidden: 403,
  cross_origin_refused: 403,
  // 404/410
  not_found: 404,
  unknown_service: 404,
  token_expired: 410,
  // 409: the record's state does not allow it
  invalid_transition: 409,
  incident_resolved: 409,
  not_resolved: 409,
  not_scheduled: 409,
  no_report: 409,
  already_published: 409,
  incident_not_resolved: 409,
  at_out_of_order: 409,
  slug_taken: 409,
  name_taken: 409,
  // 413/415
  payload_too_large: 413,
  unsupported_media_type: 415,
  // 422: well-formed, but breaks a rule
  invalid_status: 422,
  message_required: 422,
  services_on_resolve: 422,
  slug_required: 422,
  start_in_past: 422,
  end_before_start: 422,
  at_in_future: 422,
  start_date_in_future: 422,
  started_at_in_future: 422,
  started_after_creation: 422,
  started_after_impact_end: 422,
  // 429/500
  rate_limited: 429,
  /** A framework exception without a code of its own; answered with that exception's status. */
  http_error: 400,
  internal_error: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** One problem with one input field: validation failures list these as `details`. */
export interface FieldIssue {
  /** Dotted path of the field in the body or query (`services.0.impact`), '' for the whole input. */
  path: string;
  code: string;
  message: string;
  /** For unknown services: the slugs that name none. */
  slugs?: string[];
}

/**
 * `details` is either the list of field issues (validation, code invalid_request) or an object of
 * facts about a refused state change (`{ field?, from, to, … }`).
 */
export type ErrorDetails = FieldIssue[] | Record<string, unknown>;

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(ERROR_STATUS[code], { message });
    this.code = code;
    this.details = details;
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The JSON answer for a code, with the code's own status. */
export function errorResponse(code: ErrorCode, message: string, details?: ErrorDetails): Response {
  return Response.json(errorBody(code, message, details), { status: ERROR_STATUS[code] });
}

/** zod's issues in the one FieldIssue shape. */
export function fieldIssues(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
}
