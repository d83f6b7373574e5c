/** The MCP Streamable HTTP dialect for mcpgw (work in progress). */
export const MCP_PROTOCOL_VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26'] as const;
