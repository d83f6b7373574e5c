/** A token for one resource from one issuer, as the store keeps it. Never logged, never in an error. */
export interface TokenSet {
  readonly accessToken: string;
  /** Epoch ms when it expires, from `expires_in`; undefined when the server did not say. */
  readonly expiresAt: number | undefined;
  readonly refreshToken: string | undefined;
  /** The scope granted (the server's `scope`, else the one asked for). */
  readonly scope: string | undefined;
  readonly issuer: string;
  readonly resource: string;
}

/** Whether a token is past its expiry, or within `skewMs` of it (so a request does not arrive with a dead token). */
export function isExpired(token: TokenSet, skewMs: number, now = Date.now()): boolean {
  return token.expiresAt !== undefined && token.expiresAt - skewMs <= now;
}
