import type { IncomingMessage } from 'node:http';
import type { ParsedBody } from './json-rpc.js';
import type { Era } from './mcp-methods.js';
import { legacyVersions } from './mcp-options.js';

/**
 * How a dual-era server tells the eras apart (2026-07-28 versioning): `initialize` selects the 2025 era,
 * per-request `_meta` the stateless one; without either, a session id or a 2025 version header means 2025.
 */
export function eraOf(req: IncomingMessage, parsed: ParsedBody): Era {
  if (parsed.kind === 'request' && parsed.message.method === 'initialize') return 'legacy';
  if (parsed.kind !== 'invalid' && 'method' in parsed.message) {
    const meta = parsed.message.params?._meta as Record<string, unknown> | undefined;
    if (meta !== undefined && 'io.modelcontextprotocol/protocolVersion' in meta) return 'stateless';
  }
  if (req.headers['mcp-session-id'] !== undefined) return 'legacy';
  const version = req.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !(legacyVersions as readonly string[]).includes(version)) return 'stateless';
  return 'legacy';
}

const loopbackOrigins = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

/** No Origin (not a browser) is fine; a browser page may come only from a loopback origin. */
export function loopbackOrigin(origin: string | undefined): boolean {
  return origin === undefined || loopbackOrigins.test(origin);
}
