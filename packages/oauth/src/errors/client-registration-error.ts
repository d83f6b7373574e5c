import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** No client identity for an authorization server: none pre-registered, no metadata document URL, no registration. */
export class ClientRegistrationError extends withDetails<{ issuer: string }>() {
  override name = 'ClientRegistrationError';
  override readonly code = 'MCPGW_AUTH_REGISTRATION';
  override readonly retryable = false;

  constructor(issuer: string, detail: string, context: ErrorContext = {}) {
    super(`no client registration with ${issuer}: ${detail}`, { mayHaveReachedServer: false, ...context }, { issuer });
  }
}
