// Query validation for the public API: zod at the edge, and failures answered in the project's
// error shape with zod's issues (path, code, message) as details, like the admin API.
import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { z } from 'zod';
import { errorBody, fieldIssues } from '../../lib/http-error.ts';

export function validateQuery<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, (result, c: Context) => {
    if (!result.success) {
            return c.json(errorBody('invalid_request', 'The request is not valid.', fieldIssues(result.error.issues)), 400);
    }
  });
}
