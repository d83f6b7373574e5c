import { type GatewayRequest, type GatewayResponse, ResponseFormatError } from '@mcpgw/core';
import type { CacheEntry } from './cache-entry.js';
import { deepFreeze, MAX_ANSWER_DEPTH } from './deep-freeze.js';

// Connection-level or per-caller headers: meaningless or wrong when replayed to another call (an MCP session id is
// one caller's, and no store should keep it).
const droppedHeaders = new Set([
  'set-cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'date',
  'x-request-id',
  'mcp-session-id',
]);

/**
 * A frozen entry from a fresh response, or undefined when the body cannot be measured (not JSON-serialisable). A body
 * nested deeper than {@link MAX_ANSWER_DEPTH} is a `ResponseFormatError` (with the request's context when given):
 * the call fails as a malformed answer would, and nothing is kept.
 */
export function cacheEntryFromResponse(
  response: GatewayResponse,
  now: number,
  ttlMs: number,
  request?: GatewayRequest,
): CacheEntry | undefined {
  let size = response.bytes ?? measure(response.body);
  if (size === undefined) return undefined;
  const headers: Record<string, string | string[] | undefined> = {};
  const source = response.headers;
  for (const name in source) {
    const value = source[name];
    if (value === undefined || droppedHeaders.has(name)) continue;
    if (typeof value === 'string') {
      headers[name] = value;
      size += name.length + value.length;
    } else {
      headers[name] = value;
      Object.freeze(value);
      size += name.length + value.join(', ').length;
    }
  }
  let body: unknown;
  try {
    body = deepFreeze(response.body, MAX_ANSWER_DEPTH);
  } catch (error) {
    if (!(error instanceof ResponseFormatError) || request === undefined) throw error;
    throw error.withContext({
      operation: request.operation,
      requestId: request.requestId,
      attempts: response.attempts,
    });
  }
  return Object.freeze({
    status: response.status,
    headers: Object.freeze(headers),
    body,
    storedAt: now,
    expiresAt: now + ttlMs,
    size,
    decoded: body !== undefined && response.decoded === body,
  });
}

/** The body's JSON size when the transport did not say; undefined when it cannot be serialised. */
function measure(body: unknown): number | undefined {
  try {
    const json = JSON.stringify(body);
    return json === undefined ? 0 : Buffer.byteLength(json);
  } catch {
    return undefined;
  }
}
