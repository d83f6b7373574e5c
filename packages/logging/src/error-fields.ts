import { HttpError, isGatewayError } from '@mcpgw/core';

/**
 * What a line says about an error. GatewayError messages are secret-free by contract; any other error's message
 * is not trusted (it could quote a header or a parameter), so only its class name is logged.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (isGatewayError(error)) {
    const fields: Record<string, unknown> = { code: error.code, message: error.message, retryable: error.retryable };
    if (error instanceof HttpError) fields.status = error.status;
    return fields;
  }
  return { code: 'UNKNOWN', errorName: error instanceof Error ? error.name : typeof error };
}

export function errorCodeOf(error: unknown): string {
  return isGatewayError(error) ? error.code : 'UNKNOWN';
}
