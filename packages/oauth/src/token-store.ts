import type { TokenSet } from './token-set.js';

/**
 * Where tokens live, one per issuer and resource. The memory store is the default; a fleet shares tokens through its
 * own store (Redis, a secrets manager). A store must keep tokens out of logs and metrics, as this package does.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined> | TokenSet | undefined;
  set(key: string, token: TokenSet): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** The key of a token: its issuer and its resource, so a token is never sent to another resource or from another issuer. */
export function tokenKey(issuer: string, resource: string): string {
  return `${issuer} ${resource}`;
}

/** Tokens in process memory, at most `maxEntries` (the oldest goes first). */
export function memoryTokenStore(maxEntries = 1_000): TokenStore {
  const tokens = new Map<string, TokenSet>();
  return {
    get: (key) => tokens.get(key),
    set: (key, token) => {
      tokens.delete(key);
      if (tokens.size >= maxEntries) {
        const oldest = tokens.keys().next().value;
        if (oldest !== undefined) tokens.delete(oldest);
      }
      tokens.set(key, token);
    },
    delete: (key) => {
      tokens.delete(key);
    },
  };
}
