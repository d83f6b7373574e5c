import type { ClientInfo, McpHandlers, McpProtocolVersion, TrustToolAnnotations } from '@mcpgw/mcp';
import { MCP_PROTOCOL_VERSIONS } from '@mcpgw/mcp';
import { z } from 'zod';

/** `mcp: { ... }` of `createGatewayClient()`, read when `protocol: 'mcp'`. */
export interface PresetMcpOptions {
  /** `auto` (default): 2026-07-28 first, falling back as the spec says, remembered per endpoint. Or one version. */
  protocolVersion?: 'auto' | McpProtocolVersion | undefined;
  /** Sent in `initialize` / `_meta`. Default `{ name: <client name>, version: <mcpgw version> }`. */
  clientInfo?: ClientInfo | undefined;
  /**
   * Whether a server's `readOnlyHint` / `idempotentHint` make a `tools/call` retryable: `true`, or a predicate
   * `({ origin, name }) => boolean`. Default false: annotations are hints, and a call that may have reached the
   * server is never re-sent.
   */
  trustToolAnnotations?: TrustToolAnnotations | undefined;
  /**
   * Caches `tools/call` results (per credential scope and arguments, our TTL) of tools a trusted server marks
   * `readOnlyHint: true` and `openWorldHint: false`. Needs `trustToolAnnotations` and the cache. Default false.
   */
  cacheToolResults?: boolean | undefined;
  /** Answers to the server's elicitation, sampling and roots requests; each one given is declared as a capability. */
  handlers?: McpHandlers | undefined;
  /** Rounds of `input_required` one call may take (2026-07-28). Default 8. */
  maxInputRounds?: number | undefined;
  /** Resumptions of one cut answer stream (2025 era). Default 5. */
  maxResumptions?: number | undefined;
}

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  error: 'must be a function (params) => result',
});

/** The schema of `protocol` and `mcp`, merged into the preset's option schema. */
export const mcpOptionShape = {
  protocol: z
    .enum(['rest', 'mcp'], { error: "must be 'rest' (the gateway REST API) or 'mcp' (MCP Streamable HTTP)" })
    .optional(),
  mcp: z
    .strictObject({
      protocolVersion: z
        .enum(['auto', ...MCP_PROTOCOL_VERSIONS], {
          error: `must be 'auto' or one of ${MCP_PROTOCOL_VERSIONS.join(', ')}`,
        })
        .optional(),
      clientInfo: z
        .looseObject({
          name: z.string({ error: 'must be a client name' }).min(1, { error: 'must be a client name' }),
          version: z.string({ error: 'must be a version string, e.g. 1.0.0' }),
        })
        .optional(),
      trustToolAnnotations: z
        .union([z.boolean(), fn], { error: 'must be true, false or a function ({ origin, name }) => boolean' })
        .optional(),
      cacheToolResults: z.boolean({ error: 'must be true or false' }).optional(),
      handlers: z
        .strictObject({ elicitation: fn.optional(), sampling: fn.optional(), roots: fn.optional() })
        .optional(),
      maxInputRounds: z.number().int().min(0).max(100, { error: 'must be a whole number from 0 to 100' }).optional(),
      maxResumptions: z.number().int().min(0).max(100, { error: 'must be a whole number from 0 to 100' }).optional(),
    })
    .optional(),
};
