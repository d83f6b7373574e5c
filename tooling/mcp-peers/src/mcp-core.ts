// @mcpgw/mcp and @mcpgw/core through their sources, for the same reason as preset.ts: core's McpClient over the bare
// transport, which the driver (`--core`) and the server-everything session (`mcpgw-core`) use beside the preset.
export { createTransport } from '../../../packages/core/src/index.js';
export { McpClient } from '../../../packages/mcp/src/index.js';
