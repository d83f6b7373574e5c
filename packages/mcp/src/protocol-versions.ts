/** Every protocol version this client speaks, newest first. */
export const MCP_PROTOCOL_VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26'] as const;
export type McpProtocolVersion = (typeof MCP_PROTOCOL_VERSIONS)[number];

/** The stateless era (per-request `_meta`, no session) starts with this version. */
export const MODERN_VERSION: McpProtocolVersion = '2026-07-28';
/** What `auto` asks for first in the session era: the newest legacy version. */
export const NEWEST_LEGACY_VERSION: McpProtocolVersion = '2025-11-25';

export type Era = 'modern' | 'legacy';

export function eraOf(version: McpProtocolVersion): Era {
  return version >= MODERN_VERSION ? 'modern' : 'legacy';
}

export function isKnownVersion(value: unknown): value is McpProtocolVersion {
  return typeof value === 'string' && (MCP_PROTOCOL_VERSIONS as readonly string[]).includes(value);
}
