import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** The server speaks no protocol version this client does (or not the one pinned in `protocolVersion`). */
export class ProtocolVersionError extends withDetails<ProtocolVersionDetails>() {
  override name = 'ProtocolVersionError';
  override readonly code = 'MCPGW_MCP_PROTOCOL_VERSION';
  override readonly retryable = false;

  constructor(requested: string, supported: readonly string[], options: ErrorContext = {}) {
    const list = supported.length === 0 ? 'no version we know' : supported.join(', ');
    super(
      `the MCP server does not speak protocol ${requested} (it offers ${list}); set mcp.protocolVersion to one of ours that it supports`,
      options,
      { requested, supported },
    );
  }
}

interface ProtocolVersionDetails {
  readonly requested: string;
  /** What the server said it supports, when it said (checked to be short strings). */
  readonly supported: readonly string[];
}
