import { isGatewayError } from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';

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

/**
 * A description safe for a span: GatewayError messages are secret-free by contract (core scrubs what it quotes from
 * a peer), and are scrubbed again with the request's own secrets when given, so a layer that quoted its input (a
 * policy's reason) cannot leak it into a span. Other errors are not trusted: no description at all.
 */
export function safeMessageOf(error: unknown, secrets?: readonly string[]): string | undefined {
  if (!isGatewayError(error)) return undefined;
  return secrets === undefined ? error.message : scrubSecrets(error.message, secrets);
}
