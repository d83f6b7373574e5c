import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** Which issuer check failed, the issuer expected, and what arrived instead (undefined when it was missing). */
export interface IssuerMismatch {
  where: 'metadata' | 'authorization-response';
  expected: string;
  received: string | undefined;
}

/**
 * An issuer did not match the one it must equal, compared as exact strings: the `issuer` of Authorization Server
 * metadata against the issuer its URL was built from (RFC 8414 §3.3), or the `iss` of an authorization response
 * against that issuer (RFC 9207). A mismatch can be a mix-up attack; nothing is sent to the endpoints it names.
 */
export class IssuerMismatchError extends withDetails<IssuerMismatch>() {
  override name = 'IssuerMismatchError';
  override readonly code = 'MCPGW_AUTH_ISSUER_MISMATCH';
  override readonly retryable = false;

  constructor(
    where: IssuerMismatch['where'],
    expected: string,
    received: string | undefined,
    context: ErrorContext = {},
  ) {
    super(
      received === undefined
        ? `the ${where} carries no issuer though the authorization server says it sends one (expected ${expected})`
        : `the ${where} names issuer ${JSON.stringify(received.slice(0, 200))}, expected ${expected}; refusing it`,
      { mayHaveReachedServer: false, ...context },
      { where, expected, received: received?.slice(0, 200) },
    );
  }
}
