import type { GatewayRequest, QueryValue } from '@mcpgw/core';
import { fingerprint, lastValueFingerprint } from './fingerprint.js';

const apiKeyFingerprint = lastValueFingerprint();

/**
 * The cache key of a request: operation, origin, encoded path, sorted query and the credential scope (an API-key
 * fingerprint, the principal's id or a digest of the user token, and an optional extra scope). Two callers with
 * different credentials never share a key. Secrets never appear in a key, only their digests.
 */
export function cacheKey(request: GatewayRequest, extraScope?: string): string {
  const apiKey = request.headers['x-api-key'];
  const k = apiKey === undefined ? '-' : apiKeyFingerprint(apiKey);
  const s = extraScope === undefined ? '' : `|s=${encodeURIComponent(extraScope)}`;
  return `${encodeURIComponent(request.operation)}|${request.origin}${request.path}?${sortedQuery(request.query)}|k=${k}|u=${userScope(request)}${s}`;
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
