import type { z } from 'zod';
import { ResponseFormatError } from '../errors/response-format-error.js';
import type { GatewayRequest, GatewayResponse } from '../types.js';

/** `items[3].server_url` from a zod issue path. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

/** Validates a gateway answer; a mismatch is a `ResponseFormatError` naming the item and the field, never the value. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  response: GatewayResponse,
  request: GatewayRequest,
): z.infer<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldPath(issue.path);
  const problem = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  throw new ResponseFormatError(`the gateway's ${request.operation} answer is malformed at ${field}: ${problem}`, {
    field,
    operation: request.operation,
    requestId: request.requestId,
    attempts: response.attempts,
  });
}
