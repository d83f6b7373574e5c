import type { AttributeValue, CallOptions, Deadline } from '@mcpgw/core';
import type { ProgressUpdate } from './mcp-types.js';
import type { McpProtocolVersion } from './protocol-versions.js';

export interface McpCallOptions extends CallOptions {}

export interface Session {
  readonly version: McpProtocolVersion;
  /** Undefined when the server runs without sessions. */
  readonly id: string | undefined;
  readonly serverInfo: unknown;
  readonly capabilities: unknown;
}

/** One logical operation's context: its deadline and what its streams report to. */
export interface Call {
  readonly method: string;
  readonly options: McpCallOptions;
  /** The whole operation's, across every message it sends (initialize, resumptions, input rounds). */
  readonly deadline: Deadline | undefined;
  readonly progressToken: string | undefined;
  readonly onProgress: ((progress: ProgressUpdate) => void) | undefined;
  readonly wire: WireShape;
  /** The session was renewed for this call once already: forgotten again, it is a `SessionLostError`. */
  readonly sessionRenewed?: boolean;
}

export interface WireShape {
  readonly operation: string;
  readonly idempotent: boolean;
  readonly authorize: boolean;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** The `Mcp-Name` source (2026-07-28): `params.name` or `params.uri`. */
  readonly name: string | undefined;
  /** A listing a cache layer may keep (per credential scope; see `mcpCacheDialect`). Default false. */
  readonly cacheable?: boolean;
}

/** The wire shape of a read: idempotent, no authorization. */
export function readShape(operation: string): WireShape {
  return { operation, idempotent: true, authorize: false, attributes: {}, name: undefined };
}
