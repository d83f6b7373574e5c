import type { GatewayRequest, GatewayResponse } from '@mcpgw/core';
import type { Answered } from './answer-of.js';
import type { ListKind } from './mcp-types.js';

/** A server's `ttlMs` above this is taken as this: an entry no `list_changed` reaches must still end. */
const MAX_SERVER_TTL_MS = 24 * 60 * 60 * 1000;

/** The operations whose entries a `notifications/<kind>/list_changed` makes stale. */
export function listOperations(kind: ListKind): readonly string[] {
  if (kind === 'tools') return ['listTools'];
  if (kind === 'prompts') return ['listPrompts'];
  return ['listResources', 'listResourceTemplates'];
}

/**
 * How the cache keys and keeps MCP answers (pass as the cache layer's `dialect`; the preset does):
 * - the key: the method and the params that decide the answer (the spec's cache key), plus the protocol
 *   version; never the JSON-RPC id, the progress token or trace context in `_meta`, which differ per message;
 * - freshness: the 2026-07-28 server's `ttlMs` when it sends one (0, negative or absent with a `cacheScope`: not
 *   kept), ours otherwise; past a server's TTL the next lookup re-fetches (no stale-while-revalidate, stale-if-error
 *   still holds); an `input_required` round or a retry carrying `inputResponses`/`requestState` is never
 *   kept. `cacheScope: 'public'` is not widened: entries stay per credential scope, which both scopes allow.
 */
export const mcpCacheDialect = {
  keyBody(request: GatewayRequest): string | undefined {
    const value = request.body?.value as
      | { method?: unknown; params?: Record<string, unknown> & { _meta?: Record<string, unknown> } }
      | undefined;
    if (value === undefined || typeof value.method !== 'string') return undefined;
    const { _meta: meta, ...params } = value.params ?? {};
    const version = meta?.['io.modelcontextprotocol/protocolVersion'] ?? request.headers['mcp-protocol-version'];
    return JSON.stringify([value.method, version ?? null, params]);
  },

  /** A `tools/call` the MCP client marked cacheable: only with `cacheToolResults`, trusted read-only, closed-world. */
  keepsInvoke(request: GatewayRequest): boolean {
    return (
      request.cacheable &&
      request.attributes['mcp.method'] === 'tools/call' &&
      request.attributes['mcp.tool.readOnlyHint'] === true &&
      request.attributes['mcp.tool.openWorldHint'] === false
    );
  },

  freshForMs(response: GatewayResponse, request: GatewayRequest, ourTtlMs: number): number {
    // Our 0 (`ttlMs`, `ttlByOperation`) turns caching off, whatever a server allows.
    if (ourTtlMs <= 0) return 0;
    const params = (request.body?.value as { params?: Record<string, unknown> } | undefined)?.params;
    if (params?.inputResponses !== undefined || params?.requestState !== undefined) return 0;
    const result = (response.body as Answered | undefined)?.answer?.result;
    // A tool's own failure is an answer to give, never one to keep.
    if (result === undefined || result.isError === true) return 0;
    if (result.resultType !== undefined && result.resultType !== 'complete') return 0;
    const ttl = result.ttlMs;
    if (typeof ttl === 'number' && Number.isFinite(ttl)) return ttl <= 0 ? 0 : Math.min(ttl, MAX_SERVER_TTL_MS);
    // A server that states a scope but no TTL means "immediately stale"; one of the 2025 era states neither.
    return result.cacheScope === undefined ? ourTtlMs : 0;
  },

  /** Past a server's own `ttlMs` the spec asks for a re-fetch on access; past ours, stale-while-revalidate holds. */
  servesWhileRevalidating(entry: { readonly body: unknown }): boolean {
    return typeof (entry.body as Answered | undefined)?.answer?.result?.ttlMs !== 'number';
  },
};
