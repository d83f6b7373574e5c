import { HttpError, isGatewayError } from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';

/**
 * What a line says about an error: its stable code, whether it is retryable, the status of an HTTP error, and the
 * message of a GatewayError (messages are secret-free by contract: core scrubs what it quotes from a peer). Given the
 * request's secrets, the message is scrubbed again here, so a layer that quoted a peer without scrubbing (a policy's
 * reason, another dialect's error) cannot leak one into a line. Any other error's message is not trusted (it could
 * quote a header or a parameter): only its class name is logged. Never a body, a cause or `serverMessage` alone.
 */
export function errorFields(error: unknown, secrets?: readonly string[]): Record<string, unknown> {
  if (isGatewayError(error)) {
    const message = secrets === undefined ? error.message : scrubSecrets(error.message, secrets);
    const fields: Record<string, unknown> = { code: error.code, message, retryable: error.retryable };
    if (error instanceof HttpError) fields.status = error.status;
    return fields;
  }
  return { code: 'UNKNOWN', errorName: error instanceof Error ? error.name : typeof error };
}

export function errorCodeOf(error: unknown): string {
  return isGatewayError(error) ? error.code : 'UNKNOWN';
}
