import type { z } from 'zod';
import { ResponseFormatError } from '../errors/response-format-error.js';
import type { GatewayRequest, GatewayResponse } from '../types.js';

/** `items[3].server_url` from a zod issue path. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

// Parsed results of frozen bodies (a cache shares one frozen body between callers), per schema.
const parsedFrozen = new WeakMap<z.ZodType, WeakMap<object, unknown>>();

/**
 * Validates a gateway answer; a mismatch is a `ResponseFormatError` naming the item and the field, never the value.
 * A frozen body is one a cache shares between callers: it is parsed once, and the parsed value is frozen and shared
 * too, so a cache hit costs a lookup instead of a schema walk and no caller can change what another one gets.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  response: GatewayResponse,
  request: GatewayRequest,
): z.infer<S> {
  const body = response.body;
  const shared = typeof body === 'object' && body !== null && Object.isFrozen(body);
  let memo: WeakMap<object, unknown> | undefined;
  if (shared) {
    memo = parsedFrozen.get(schema);
    if (memo === undefined) {
      memo = new WeakMap();
      parsedFrozen.set(schema, memo);
    }
    const known = memo.get(body);
    if (known !== undefined) return known as z.infer<S>;
  }
  const result = schema.safeParse(body);
  if (result.success) {
    if (memo !== undefined) memo.set(body as object, deepFreeze(result.data));
    return result.data;
  }
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

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
