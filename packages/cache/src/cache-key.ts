import type { GatewayRequest, QueryValue } from '@mcpgw/core';
import { newRequestId } from '@mcpgw/core/kit';
import { fingerprint, lastValueFingerprint } from './fingerprint.js';

const apiKeyFingerprint = lastValueFingerprint();

/**
 * Request headers that never carry a credential and never change what the gateway answers: the only ones a key
 * leaves out (with `x-api-key` and `authorization`, which it covers on their own). Every other header a caller
 * sets (a cookie, a token header of its own, a tenant header) enters the key as a digest: callers who differ in any
 * of them never share an entry. A header that belongs here but is missing only costs hits, never a leak.
 */
export const answerNeutralHeaders: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'user-agent',
  'x-request-id',
  'idempotency-key',
  'traceparent',
  'tracestate',
  'baggage',
  // An MCP session is the transport's, not the caller's: the credential scope is keyed on its own, and a list
  // kept for one session is the same for the next one (or another process's).
  'mcp-session-id',
]);

/**
 * The cache key of a request: operation, origin, encoded path, sorted query, the credential scope (an API-key
 * fingerprint, the principal's id or a digest of the user token, and an optional extra scope), a digest of every
 * other header the caller set (see {@link answerNeutralHeaders}) and of the body when there is one. Two callers
 * with different credentials never share a key. Secrets never appear in a key, only their digests.
 */
export function cacheKey(request: GatewayRequest, extraScope?: string, keyBody?: string): string {
  const apiKey = request.headers['x-api-key'];
  const k = apiKey === undefined ? '-' : apiKeyFingerprint(apiKey);
  const s = extraScope === undefined ? '' : `|s=${encodeURIComponent(extraScope)}`;
  return `${encodeURIComponent(request.operation)}|${request.origin}${request.path}?${sortedQuery(request.query)}|k=${k}|u=${userScope(request)}${s}${headerScope(request.headers)}${keyBody === undefined ? bodyScope(request) : `|b=${fingerprint(keyBody)}`}`;
}

// A client's own headers object (frozen) is shared by all its requests without a user token: its digest is
// remembered. Only a frozen object is: one that can still change could be asked about again with other values.
let lastHeaders: object | undefined;
let lastHeaderScope = '';

function headerScope(headers: Readonly<Record<string, string>>): string {
  if (headers === lastHeaders) return lastHeaderScope;
  let names: string[] | undefined;
  for (const name in headers) {
    if (name === 'x-api-key' || name === 'authorization' || answerNeutralHeaders.has(name)) continue;
    if (names === undefined) names = [name];
    else names.push(name);
  }
  let scope = '';
  if (names !== undefined) {
    names.sort();
    let text = '';
    for (const name of names) text += `${name}\n${headers[name]}\n`;
    scope = `|h=${fingerprint(text)}`;
  }
  if (Object.isFrozen(headers)) {
    lastHeaders = headers;
    lastHeaderScope = scope;
  }
  return scope;
}

/**
 * A body (serialised once, when the request was built) is part of what is asked: its digest enters the key. A body
 * that was not serialised and cannot be (a cycle) gets a key of its own, shared with nothing.
 */
function bodyScope(request: GatewayRequest): string {
  if (request.body === undefined) return '';
  const json = (request.body as { readonly json?: unknown }).json;
  if (typeof json === 'string') return `|b=${fingerprint(json)}`;
  try {
    return `|b=${fingerprint(JSON.stringify(request.body) ?? '')}`;
  } catch {
    return `|b=!${newRequestId()}`;
  }
}

function userScope(request: GatewayRequest): string {
  if (request.principal !== undefined) return `p:${encodeURIComponent(request.principal.id)}`;
  const authorization = request.headers.authorization;
  return authorization === undefined ? '-' : `t:${fingerprint(authorization)}`;
}

function sortedQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (query === undefined) return '';
  const names = Object.keys(query);
  if (names.length === 0) return '';
  names.sort();
  let out = '';
  for (const name of names) {
    const value = query[name];
    if (value === undefined) continue;
    if (out !== '') out += '&';
    out += `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return out;
}

/** Tag for every entry of one server (its getServer and per-server listTools). */
export function serverTag(server: string): string {
  return `server:${server}`;
}

export function operationTag(operation: string): string {
  return `op:${operation}`;
}

/** `op:<operation>` always; `server:<name>` and `server:<name>|op:<operation>` when the request names a server. */
export function cacheTags(request: GatewayRequest): string[] {
  const server = request.attributes.server;
  const op = operationTag(request.operation);
  if (typeof server !== 'string') return [op];
  const byServer = serverTag(server);
  return [op, byServer, `${byServer}|${op}`];
}
