import diagnostics from 'node:diagnostics_channel';
import type { GatewayRequest } from '@mcpgw/core';

/** One token got, refreshed or stepped up, or a failure to; never a token, a secret or a code. */
export interface AuthEvent {
  readonly client: string;
  readonly operation: string;
  readonly requestId: string;
  readonly kind: 'token' | 'refresh' | 'step-up';
  readonly grant: 'authorization_code' | 'client_credentials' | 'refresh_token';
  /** The issuer the token is from; undefined on a failed acquisition (discovery may not have found one). */
  readonly issuer: string | undefined;
  /** `ok`, or the code of the error it failed with. */
  readonly outcome: string;
}

/** `mcpgw:auth`: what the layer did for a call, for metrics and logs to subscribe to. */
export const authChannel = diagnostics.channel('mcpgw:auth');

export function publishAuth(
  request: GatewayRequest,
  fields: Pick<AuthEvent, 'kind' | 'grant' | 'issuer'>,
  error?: unknown,
): void {
  if (!authChannel.hasSubscribers) return;
  const code = (error as { code?: unknown } | undefined)?.code;
  authChannel.publish({
    client: request.client,
    operation: request.operation,
    requestId: request.requestId,
    ...fields,
    outcome: error === undefined ? 'ok' : typeof code === 'string' ? code : 'error',
  } satisfies AuthEvent);
}
