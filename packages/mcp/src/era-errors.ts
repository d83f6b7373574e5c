import { AbortError, HttpError, TimeoutError } from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';
import { isPlainObject } from './call-input.js';
import { JsonRpcError, jsonRpcCodes } from './errors/json-rpc-error.js';
import { peerText } from './json-rpc.js';
import { type McpProtocolVersion, NEWEST_LEGACY_VERSION } from './protocol-versions.js';

/** The 2025-era version to fall back to for an error of a modern request, or undefined: not a legacy server. */
export function legacyFallback(error: unknown): McpProtocolVersion | undefined {
  if (error instanceof LegacySignal) return error.version;
  // A modern server's 4xx carries a JSON-RPC error it knows (those became JsonRpcError); any other 400, 404 or 405
  // is a legacy (or non-MCP) server.
  if (!(error instanceof HttpError)) return undefined;
  return error.status === 400 || error.status === 404 || error.status === 405 ? NEWEST_LEGACY_VERSION : undefined;
}

/** A -32022 whose `supported` list offers only 2025-era versions. */
export class LegacySignal extends Error {
  constructor(
    readonly version: McpProtocolVersion,
    override readonly cause: unknown,
  ) {
    super('the MCP server speaks only 2025-era versions');
  }
}

const MODERN_CODES = new Set<number>([
  jsonRpcCodes.headerMismatch,
  jsonRpcCodes.missingRequiredClientCapability,
  jsonRpcCodes.unsupportedProtocolVersion,
  jsonRpcCodes.methodNotFound,
]);

/** A JSON-RPC error carried by a 4xx answer (2026-07-28 sends -32020/-32021/-32022 with 400), else undefined. */
export function rpcErrorFromHttp(
  error: unknown,
  method: string,
  secrets: () => readonly string[],
): JsonRpcError | undefined {
  if (!(error instanceof HttpError) || error.status >= 500) return undefined;
  const body = error.body as
    | { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } }
    | undefined;
  const code = body?.error?.code;
  if (body?.jsonrpc !== '2.0' || typeof code !== 'number' || !Number.isSafeInteger(code)) return undefined;
  if (!MODERN_CODES.has(code)) return undefined;
  const rpc = new JsonRpcError(code, peerText(scrubSecrets(peerText(body.error?.message, 4_096), secrets())), {
    method,
    operation: error.operation,
    requestId: error.requestId,
    attempts: error.attempts,
  });
  (rpc as { supported?: readonly string[] }).supported = supportedFrom(body.error?.data);
  return rpc;
}

function supportedFrom(data: unknown): readonly string[] {
  const list = isPlainObject(data) ? data.supported : undefined;
  if (!Array.isArray(list)) return [];
  return list.slice(0, 32).filter((v): v is string => typeof v === 'string' && v.length <= 40);
}

export function supportedVersions(error: JsonRpcError): readonly string[] {
  return (error as { supported?: readonly string[] }).supported ?? [];
}

/** 404 on a request with a session id, or the SDK servers' 400 "No valid session ID": the session is gone. */
export function sessionForgotten(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  if (error.status === 404) return true;
  return error.status === 400 && /session/i.test(error.serverMessage ?? '');
}

export function cancelled(error: unknown): boolean {
  return (
    (error instanceof AbortError || (error instanceof TimeoutError && error.phase !== 'connect')) &&
    error.mayHaveReachedServer
  );
}
