export { AnswerSink, type StreamListener, type StreamOutcome } from './answer-sink.js';
export { jsonRpcIdPerAttempt, type RebuildableRequest, rebuildForAttempt } from './attempt-ids.js';
export { type CursorPagination, defaultCursorPagination } from './cursor-pages.js';
export { eraMemory } from './era-memory.js';
export * from './errors/index.js';
export { mcpHeaderValue } from './header-values.js';
export { listOperations, mcpCacheDialect } from './list-caching.js';
export {
  listChangedChannel,
  type McpCallOptions,
  McpClient,
  type McpClientOptions,
  type McpHealth,
  type McpInvokeOptions,
  type McpListOptions,
} from './mcp-client.js';
// Every type of the MCP data model the client reads or returns is public.
export type * from './mcp-types.js';
export { mcpOptionSchema } from './option-schema.js';
export { eraOf, MCP_PROTOCOL_VERSIONS, type McpProtocolVersion, MODERN_VERSION } from './protocol-versions.js';
export { mcpBreakerFailure, mcpRetryable } from './retry-rule.js';
export type { McpServerIdentity, TrustToolAnnotations } from './tool-trust.js';
export { scanHeaderParameters } from './x-mcp-header.js';
