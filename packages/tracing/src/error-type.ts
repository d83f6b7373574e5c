import { isGatewayError } from '@mcpgw/core';

/**
 * `error.type` as OTel's HTTP conventions define it: the status code for an answer of 400 or more, otherwise the
 * error's stable code, otherwise its class name. Undefined when nothing failed.
 */
export function errorTypeOf(status: number | undefined, error: unknown): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  if (error === undefined) return undefined;
  if (isGatewayError(error)) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}

/** A description safe for a span: GatewayError messages are secret-free by contract; others are not trusted. */
export function safeMessageOf(error: unknown): string | undefined {
  return isGatewayError(error) ? error.message : undefined;
}
