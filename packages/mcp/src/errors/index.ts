export { JsonRpcError, type JsonRpcErrorOptions, jsonRpcCodes } from './json-rpc-error.js';
export { ProtocolVersionError } from './protocol-version-error.js';
export { SessionLostError } from './session-lost-error.js';
export { StreamLostError } from './stream-lost-error.js';
export { UnsupportedOperationError } from './unsupported-operation-error.js';

/** The stable codes of the errors this package adds to core's. */
export const mcpErrorCodes = [
  'MCPGW_JSONRPC',
  'MCPGW_MCP_PROTOCOL_VERSION',
  'MCPGW_MCP_SESSION_LOST',
  'MCPGW_MCP_STREAM_LOST',
  'MCPGW_UNSUPPORTED_OPERATION',
] as const;
export type McpErrorCode = (typeof mcpErrorCodes)[number];
