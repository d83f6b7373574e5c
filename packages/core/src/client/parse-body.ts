import type { z } from 'zod';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { freezeWithin } from '../freeze-within.js';
import { MAX_JSON_DEPTH } from '../request/json-body.js';
import type { GatewayRequest, GatewayResponse } from '../types.js';

/** `items[3].server_url` from a zod issue path. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

// Parsed results of frozen bodies that did not come from a decoder (a store shared with other processes), per schema.
const parsedFrozen = new WeakMap<z.ZodType, WeakMap<object, unknown>>();
const decoders = new WeakMap<z.ZodType, (body: unknown) => unknown>();

function validate<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldPath(issue.path);
  const problem = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  throw new ResponseFormatError(`the gateway's answer is malformed at ${field}: ${problem}`, { field });
}

/**
 * The request's `decode` for a schema: validates in the transport, so a malformed answer is an error before any
 * layer (a cache) can keep it. A mismatch is a `ResponseFormatError` naming the item and the field, never the value.
 */
export function decoderFor<S extends z.ZodType>(schema: S): (body: unknown) => z.infer<S> {
  let decoder = decoders.get(schema);
  if (decoder === undefined) {
    decoder = (body) => validate(schema, body);
    decoders.set(schema, decoder);
  }
  return decoder as (body: unknown) => z.infer<S>;
}

/**
 * The typed body of an answer. A body the decoder made (`response.decoded`, by identity) is taken as it is; any other (a custom handler's, or one read
 * back from a store shared with other processes) is validated here. A frozen body is one a cache shares between
 * callers: it is parsed once and the frozen result shared too, so no caller can change what another one gets.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  response: GatewayResponse,
  request: GatewayRequest,
): z.infer<S> {
  const body = response.body;
  const object = typeof body === 'object' && body !== null;
  if (object && response.decoded === body) return body as z.infer<S>;
  let memo: WeakMap<object, unknown> | undefined;
  if (object && Object.isFrozen(body)) {
    memo = parsedFrozen.get(schema);
    if (memo === undefined) {
      memo = new WeakMap();
      parsedFrozen.set(schema, memo);
    }
    const known = memo.get(body);
    if (known !== undefined) return known as z.infer<S>;
  }
  let value: z.infer<S>;
  try {
    value = validate(schema, body);
    // The parsed copy is shared like the body it came from; past the bound it is not fit to share.
    if (memo !== undefined && !freezeWithin(value, MAX_JSON_DEPTH)) {
      throw new ResponseFormatError(`the gateway's answer is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    throw error.withContext({
      operation: request.operation,
      requestId: request.requestId,
      attempts: response.attempts,
    });
  }
  if (memo !== undefined) memo.set(body as object, value);
  return value;
}
