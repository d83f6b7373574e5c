import type { ClientInfo, McpHandlers, TrustToolAnnotations } from '@mcpgw/mcp';
import { MCP_PROTOCOL_VERSIONS } from '@mcpgw/mcp';
import { z } from 'zod';
import { optionFromSpec as option } from './option-from-spec.js';
import { presetOptionSpecs as s } from './preset-option-specs.js';
import { typedAs } from './user-objects.js';

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  error: 'must be a function (params) => result',
});

/** `mcp: { ... }` of `createGatewayClient()`, read when `protocol: 'mcp'`. */
const mcpOptions = z.strictObject({
  /** `auto` (default): 2026-07-28 first, falling back as the spec says, remembered per endpoint. Or one version. */
  protocolVersion: z
    .enum(['auto', ...MCP_PROTOCOL_VERSIONS], {
      error: `must be 'auto' or one of ${MCP_PROTOCOL_VERSIONS.join(', ')}`,
    })
    .optional(),
  /** Sent in `initialize` / `_meta`. Default `{ name: <client name>, version: <mcpgw version> }`. */
  clientInfo: typedAs<ClientInfo>(
    z.looseObject({
      name: z.string({ error: 'must be a client name' }).min(1, { error: 'must be a client name' }),
      version: z.string({ error: 'must be a version string, e.g. 1.0.0' }),
    }),
  ).optional(),
  /**
   * Whether a server's `readOnlyHint` / `idempotentHint` make a `tools/call` retryable: `true`, or a predicate
   * `({ origin, name }) => boolean`. Default false: annotations are hints, and a call that may have reached the
   * server is never re-sent.
   */
  trustToolAnnotations: typedAs<TrustToolAnnotations>(
    z.union([z.boolean(), fn], { error: 'must be true, false or a function ({ origin, name }) => boolean' }),
  ).optional(),
  /**
   * Caches `tools/call` results (per credential scope and arguments, our TTL) of tools a trusted server marks
   * `readOnlyHint: true` and `openWorldHint: false`. Needs `trustToolAnnotations` and the cache. Default false.
   */
  cacheToolResults: option(s.mcp.cacheToolResults),
  /** Answers to the server's elicitation, sampling and roots requests; each one given is declared as a capability. */
  handlers: typedAs<McpHandlers>(
    z.strictObject({ elicitation: fn.optional(), sampling: fn.optional(), roots: fn.optional() }),
  ).optional(),
  /** Rounds of `input_required` one call may take (2026-07-28). Default 8. */
  maxInputRounds: option(s.mcp.maxInputRounds),
  /** Resumptions of one cut answer stream (2025 era). Default 5. */
  maxResumptions: option(s.mcp.maxResumptions),
});

export type PresetMcpOptions = z.input<typeof mcpOptions>;

/** The schema of `protocol` and `mcp`, merged into the preset's option schema. */
export const mcpOptionShape = {
  /** The wire protocol: `rest` (the gateway REST API, default) or `mcp` (MCP Streamable HTTP at `baseUrl`). */
  protocol: z
    .enum(['rest', 'mcp'], { error: "must be 'rest' (the gateway REST API) or 'mcp' (MCP Streamable HTTP)" })
    .optional(),
  /** MCP options, read when `protocol: 'mcp'`. */
  mcp: mcpOptions.optional(),
};
