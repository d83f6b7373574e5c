import type { IncomingHttpHeaders } from 'node:http';
import { errorMessage, type RpcRequest, type RpcResponse, rpcErrors } from './json-rpc.js';
import type { McpTool } from './mcp-tool-definitions.js';

export interface Rejection {
  status: number;
  message: RpcResponse;
}

export const metaKeys = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const;

const namedMethods: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};
const sentinel = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;
// RFC 9110 field values: visible ASCII, space and tab.
const headerSafe = /^[\t\x20-\x7e]*$/;

/**
 * 2026-07-28 request checks, in the order the spec's negotiation needs: the version first (so a client learns
 * `supported` from -32022), then the body's `_meta`, then every mirrored header against the body (-32020).
 */
export function checkStatelessRequest(
  request: RpcRequest,
  headers: IncomingHttpHeaders,
  supported: readonly string[],
  toolOf: (name: string) => McpTool | undefined,
): Rejection | undefined {
  const reject = (code: number, message: string, data?: unknown): Rejection => ({
    status: 400,
    message: errorMessage(request.id, code, message, data),
  });
  const mismatch = (message: string) => reject(rpcErrors.headerMismatch, `Header mismatch: ${message}`);
  const meta = (request.params?._meta ?? {}) as Record<string, unknown>;
  const headerVersion = headers['mcp-protocol-version'];
  const bodyVersion = meta[metaKeys.protocolVersion];
  if (typeof headerVersion !== 'string') return mismatch('the MCP-Protocol-Version header is missing');
  const requested = typeof bodyVersion === 'string' ? bodyVersion : headerVersion;
  if (!supported.includes(requested)) {
    return reject(rpcErrors.unsupportedProtocolVersion, 'Unsupported protocol version', { supported, requested });
  }
  if (bodyVersion === undefined) return mismatch(`params._meta["${metaKeys.protocolVersion}"] is missing`);
  if (headerVersion !== bodyVersion) {
    return mismatch(
      `MCP-Protocol-Version header value '${headerVersion}' does not match body value '${String(bodyVersion)}'`,
    );
  }
  if (typeof meta[metaKeys.clientCapabilities] !== 'object' || meta[metaKeys.clientCapabilities] === null) {
    return reject(
      rpcErrors.invalidParams,
      `Invalid params: params._meta["${metaKeys.clientCapabilities}"] is required`,
    );
  }
  const method = headers['mcp-method'];
  if (method === undefined) return mismatch('the Mcp-Method header is missing');
  if (method !== request.method)
    return mismatch(`Mcp-Method header value '${method}' does not match body value '${request.method}'`);
  const nameField = namedMethods[request.method];
  if (nameField !== undefined) {
    const bodyName = request.params?.[nameField];
    const header = headers['mcp-name'];
    if (header === undefined) return mismatch('the Mcp-Name header is missing');
    const decoded = decodeHeaderValue(header);
    if (decoded === undefined) return mismatch('the Mcp-Name header has characters a header may not carry');
    if (decoded !== bodyName)
      return mismatch(`Mcp-Name header value '${header}' does not match body value '${String(bodyName)}'`);
  }
  if (request.method === 'tools/call' && typeof request.params?.name === 'string') {
    const tool = toolOf(request.params.name);
    if (tool !== undefined) return checkParamHeaders(tool, request, headers, mismatch);
  }
  return undefined;
}

function checkParamHeaders(
  tool: McpTool,
  request: RpcRequest,
  headers: IncomingHttpHeaders,
  mismatch: (message: string) => Rejection,
): Rejection | undefined {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const args = (request.params?.arguments ?? {}) as Record<string, unknown>;
  for (const [property, schema] of Object.entries(properties)) {
    const name = schema['x-mcp-header'];
    if (typeof name !== 'string') continue;
    const headerName = `Mcp-Param-${name}`;
    const raw = headers[headerName.toLowerCase()];
    const value = args[property];
    if (value === undefined || value === null) continue;
    if (typeof raw !== 'string') return mismatch(`the ${headerName} header is missing`);
    const decoded = decodeHeaderValue(raw);
    if (decoded === undefined) return mismatch(`the ${headerName} header has characters a header may not carry`);
    if (!sameValue(decoded, value)) return mismatch(`${headerName} header value does not match the body's ${property}`);
  }
  return undefined;
}

/** A header value as the client meant it: plain, or the base64 sentinel form; undefined when not header-safe. */
export function decodeHeaderValue(raw: string | string[]): string | undefined {
  if (Array.isArray(raw)) return undefined;
  // Node hands header bytes over as latin1; anything above 0x7e was not plain ASCII on the wire.
  if (!headerSafe.test(raw)) return undefined;
  const encoded = sentinel.exec(raw);
  if (encoded === null) return raw;
  return Buffer.from(encoded[1]!, 'base64').toString('utf8');
}

function sameValue(header: string, value: unknown): boolean {
  if (typeof value === 'string') return header === value;
  if (typeof value === 'boolean') return header === String(value);
  // Numbers compare numerically (42.0 and 42 are the same), as the spec advises.
  if (typeof value === 'number') return header.trim() !== '' && Number(header) === value;
  return false;
}
