import type { GatewayRequest, Middleware } from '@mcpgw/core';

/**
 * Where a JSON-RPC request keeps how to rebuild itself for another attempt. A symbol key, so a layer's copy
 * (`{ ...request, attempt }`) carries it and nothing that lists a request's fields sees it.
 */
export const rebuildForAttempt: unique symbol = Symbol('mcpgw.mcp.rebuildForAttempt');

/** A request of the MCP dialect that can give each attempt a JSON-RPC id of its own. */
export type RebuildableRequest = GatewayRequest & {
  readonly [rebuildForAttempt]?: ((request: GatewayRequest) => GatewayRequest) | undefined;
};

/**
 * Gives every attempt after the first a new JSON-RPC id: the spec forbids reusing an id, and a server that saw the
 * first attempt must not take the second for a duplicate. Goes just inside `retry()`, so the layers outside
 * (authorization, cache, telemetry) see one request and the transport sends each attempt's own body. Only the id
 * changes: the rest is re-serialised from the body every layer checked (OPA's filtered one included). On every
 * attempt, `Mcp-Param-*` headers are made to match arguments an outer layer replaced (OPA's filtering).
 */
export function jsonRpcIdPerAttempt(): Middleware {
  return (next) => (request) => {
    const rebuild = (request as RebuildableRequest)[rebuildForAttempt];
    return next(rebuild === undefined ? request : rebuild(request));
  };
}
