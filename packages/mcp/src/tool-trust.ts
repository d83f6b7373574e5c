import type { ToolAnnotations } from './mcp-types.js';

/** Who answers on an endpoint: its origin, and the `serverInfo.name` of `initialize` (2025 era) when known. */
export interface McpServerIdentity {
  readonly origin: string;
  readonly name?: string | undefined;
}

/**
 * Whether a server's tool annotations may be believed. The spec calls annotations untrusted unless the server is,
 * so the default is false; a predicate decides per server.
 */
export type TrustToolAnnotations = boolean | ((server: McpServerIdentity) => boolean);

export function isTrusted(trust: TrustToolAnnotations, server: McpServerIdentity): boolean {
  if (typeof trust !== 'function') return trust === true;
  try {
    return trust(server) === true;
  } catch {
    // A predicate that throws trusts no one: believing a hint by mistake may run a tool twice.
    return false;
  }
}

/** A `tools/call` safe to send twice: trusted annotations that say it reads only or is idempotent. */
export function isRepeatableTool(annotations: ToolAnnotations | undefined, trusted: boolean): boolean {
  return trusted && (annotations?.readOnlyHint === true || annotations?.idempotentHint === true);
}
