import type { GatewayRequest } from '@mcpgw/core';
import { isHedgeable } from '@mcpgw/hedge';
import { type RebuildableRequest, rebuildForAttempt } from '@mcpgw/mcp';

// The MCP reads: each is one POST whose answer carries its own id. Not initialize (a second session), notifications
// and responses (no answer to race), resumption GETs (a second replay), DELETE or the listening stream.
const mcpReads: ReadonlySet<string> = new Set([
  'listTools',
  'listResources',
  'listResourceTemplates',
  'readResource',
  'listPrompts',
  'getPrompt',
  'invokeTool',
]);

/**
 * Which MCP requests the hedge layer may send twice: the reads above (and a `tools/call` only when the retry rules
 * make it idempotent: trusted annotations), each able to take a JSON-RPC id of its own, and only in the stateless
 * 2026-07-28 era (its requests carry `Mcp-Method`). In the 2025 eras the client resumes a lost stream and sends
 * `notifications/cancelled` by the id it sent last, which after a hedge may be the loser's; the stateless era does
 * neither (closing a stream is its cancel).
 */
export function mcpShouldHedge(request: GatewayRequest): boolean {
  return (
    mcpReads.has(request.operation) &&
    request.method === 'POST' &&
    request.headers['mcp-method'] !== undefined &&
    request.headers['mcp-session-id'] === undefined &&
    (request as RebuildableRequest)[rebuildForAttempt] !== undefined &&
    isHedgeable(request)
  );
}

/**
 * An extra branch of an MCP request: the same message with a JSON-RPC id of its own (the spec forbids reusing one,
 * and each branch's answer is matched to its own id). The dialect's rebuild gives a new id only past the first
 * attempt, so it is asked as for a later one; the branch keeps the attempt number of the call it hedges.
 */
export function mcpBranchRequest(request: GatewayRequest): GatewayRequest {
  const rebuild = (request as RebuildableRequest)[rebuildForAttempt];
  if (rebuild === undefined) return request;
  return { ...rebuild({ ...request, attempt: request.attempt + 1 }), attempt: request.attempt };
}
