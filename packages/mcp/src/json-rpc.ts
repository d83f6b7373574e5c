import { ResponseFormatError } from '@mcpgw/core';

export type JsonRpcId = string | number;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A message from the server, classified. */
export type ServerMessage =
  | { readonly kind: 'result'; readonly id: JsonRpcId; readonly result: Record<string, unknown> }
  | { readonly kind: 'error'; readonly id: JsonRpcId | null; readonly error: JsonRpcErrorObject }
  | { readonly kind: 'request'; readonly id: JsonRpcId; readonly method: string; readonly params: unknown }
  | { readonly kind: 'notification'; readonly method: string; readonly params: unknown };

const MAX_METHOD_LENGTH = 200;

function isId(value: unknown): value is JsonRpcId {
  return (
    (typeof value === 'string' && value.length <= 200) || (typeof value === 'number' && Number.isSafeInteger(value))
  );
}

/**
 * Classifies one JSON value from the server as a JSON-RPC 2.0 message, or throws `ResponseFormatError` naming what
 * is wrong. A batch (an array) is refused: servers send one message per event or body since 2025-06-18.
 */
export function classifyMessage(value: unknown): ServerMessage {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ResponseFormatError('the MCP server sent something that is not a JSON-RPC message object', {
      field: 'message',
    });
  }
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0')
    throw new ResponseFormatError('the MCP server sent a message without jsonrpc "2.0"', { field: 'jsonrpc' });
  if (typeof m.method === 'string') {
    if (m.method.length === 0 || m.method.length > MAX_METHOD_LENGTH) {
      throw new ResponseFormatError('the MCP server sent a message with an unusable method name', { field: 'method' });
    }
    if (m.id === undefined) return { kind: 'notification', method: m.method, params: m.params };
    if (!isId(m.id)) throw new ResponseFormatError('the MCP server sent a request with an invalid id', { field: 'id' });
    return { kind: 'request', id: m.id, method: m.method, params: m.params };
  }
  if (m.error !== undefined) {
    const error = m.error as Record<string, unknown> | null;
    if (error === null || typeof error !== 'object' || !Number.isSafeInteger(error.code)) {
      throw new ResponseFormatError('the MCP server sent an error without an integer code', { field: 'error.code' });
    }
    if (m.id !== null && m.id !== undefined && !isId(m.id)) {
      throw new ResponseFormatError('the MCP server sent an error with an invalid id', { field: 'id' });
    }
    return {
      kind: 'error',
      id: (m.id as JsonRpcId | null | undefined) ?? null,
      error: {
        code: error.code as number,
        message: typeof error.message === 'string' ? error.message : '',
        data: error.data,
      },
    };
  }
  if (!isId(m.id)) throw new ResponseFormatError('the MCP server sent a response with an invalid id', { field: 'id' });
  const result = m.result;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new ResponseFormatError('the MCP server sent a response whose result is not an object', { field: 'result' });
  }
  return { kind: 'result', id: m.id, result: result as Record<string, unknown> };
}

/** A short, printable version of a peer's text for an error message. */
export function peerText(text: unknown, max = 300): string {
  if (typeof text !== 'string') return '';
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
