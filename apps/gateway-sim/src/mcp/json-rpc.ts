/** JSON-RPC 2.0 shapes as the simulator reads and writes them, and the error codes MCP uses. */
export type RpcId = string | number;

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcResponse {
  jsonrpc: '2.0';
  id: RpcId | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export type RpcMessage = RpcRequest | RpcNotification | RpcResponse;

export const rpcErrors = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** What SDK servers use for "Bad Request: No valid session ID provided" and other transport complaints. */
  sdkServerError: -32000,
  /** 2025-11-25 and earlier; 2026-07-28 uses -32602 for an unknown resource. */
  resourceNotFound: -32002,
  headerMismatch: -32020,
  missingRequiredClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

export function resultMessage(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorMessage(id: RpcId | null, code: number, message: string, data?: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

export function notificationMessage(method: string, params?: Record<string, unknown>): RpcNotification {
  return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
}

export type ParsedBody =
  | { kind: 'request'; message: RpcRequest }
  | { kind: 'notification'; message: RpcNotification }
  | { kind: 'response'; message: RpcResponse }
  | { kind: 'invalid'; status: number; error: RpcResponse };

/** Reads one POST body; a batch (removed in 2025-06-18) and anything that is not one message are invalid. */
export function parseBody(body: string | undefined): ParsedBody {
  let value: unknown;
  try {
    value = body === undefined ? undefined : JSON.parse(body);
  } catch {
    return invalid(400, errorMessage(null, rpcErrors.parseError, 'Parse error: body is not JSON'));
  }
  if (Array.isArray(value)) {
    return invalid(400, errorMessage(null, rpcErrors.invalidRequest, 'Invalid Request: batches are not supported'));
  }
  if (typeof value !== 'object' || value === null || (value as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
    return invalid(400, errorMessage(null, rpcErrors.invalidRequest, 'Invalid Request: not a JSON-RPC 2.0 message'));
  }
  const m = value as Record<string, unknown>;
  const hasId = typeof m.id === 'string' || (typeof m.id === 'number' && Number.isInteger(m.id));
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) {
    return invalid(
      400,
      errorMessage(hasId ? (m.id as RpcId) : null, rpcErrors.invalidRequest, 'params must be an object'),
    );
  }
  if (typeof m.method === 'string') {
    if (hasId) return { kind: 'request', message: m as unknown as RpcRequest };
    if (m.id === undefined) return { kind: 'notification', message: m as unknown as RpcNotification };
    return invalid(
      400,
      errorMessage(null, rpcErrors.invalidRequest, 'Invalid Request: id must be a string or integer'),
    );
  }
  if (hasId && ('result' in m || 'error' in m)) return { kind: 'response', message: m as unknown as RpcResponse };
  return invalid(
    400,
    errorMessage(null, rpcErrors.invalidRequest, 'Invalid Request: neither request, notification nor response'),
  );
}

function invalid(status: number, error: RpcResponse): ParsedBody {
  return { kind: 'invalid', status, error };
}
