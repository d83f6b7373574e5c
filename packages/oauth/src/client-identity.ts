import type { KeyObject } from 'node:crypto';
import type { AssertionAlgorithm } from './client-assertion.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none' | 'private_key_jwt';

/** A client registered ahead of time with an authorization server. */
export interface PreRegisteredClient {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  /**
   * The issuer this client belongs to. Unset, it is bound to the first issuer it is used with, and never presented
   * to another one (credentials are not portable across authorization servers, SEP-2352).
   */
  readonly issuer?: string | undefined;
  /** Default: what the server supports, `client_secret_basic` first when there is a secret, `none` without one. */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod | undefined;
  /** For `private_key_jwt`: a PEM PKCS#8 key or a KeyObject. */
  readonly privateKey?: KeyObject | string | undefined;
  readonly signingAlgorithm?: AssertionAlgorithm | undefined;
}

/** The client as the token endpoint sees it, for one issuer. */
export interface ClientIdentity {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly authMethod: TokenEndpointAuthMethod;
  readonly privateKey: KeyObject | string | undefined;
  readonly signingAlgorithm: AssertionAlgorithm | undefined;
  readonly source: 'pre-registered' | 'metadata-document' | 'dynamic';
}

/** The method to use among those the server lists (RFC 8414's default when it lists none: client_secret_basic). */
export function chooseAuthMethod(
  supported: readonly string[] | undefined,
  has: { secret: boolean; key: boolean },
): TokenEndpointAuthMethod {
  const listed = supported ?? ['client_secret_basic'];
  const order: TokenEndpointAuthMethod[] = [
    ...(has.key ? (['private_key_jwt'] as const) : []),
    ...(has.secret ? (['client_secret_basic', 'client_secret_post'] as const) : []),
    'none',
  ];
  return order.find((method) => listed.includes(method)) ?? order[0] ?? 'none';
}
