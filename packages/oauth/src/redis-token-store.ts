import { createHash } from 'node:crypto';
import type { TokenSet } from './token-set.js';
import type { TokenStore } from './token-store.js';

/** The Redis commands the store uses; an ioredis or node-redis v4 (legacy mode) client has them. */
export interface RedisTokenCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

// A token set is a few kB at most; anything larger in the store was not written by us.
const MAX_VALUE_LENGTH = 65_536;

/**
 * Tokens in Redis, shared by a fleet: one process's grant or refresh (and a rotated refresh token) serves all of
 * them. A token without a refresh token expires from Redis with itself. Tokens are secrets at rest there: use a
 * Redis only this service can read (ACL, TLS). Keys are `<namespace>:oauth:<sha256 of issuer and resource>`.
 */
export function redisTokenStore(options: {
  readonly redis: RedisTokenCommands;
  readonly namespace?: string;
}): TokenStore {
  const { redis } = options;
  const prefix = `${options.namespace ?? 'mcpgw'}:oauth:`;
  const keyOf = (key: string) => prefix + createHash('sha256').update(key).digest('hex');
  return {
    async get(key) {
      const text = await redis.get(keyOf(key));
      return text === null || text.length > MAX_VALUE_LENGTH ? undefined : tokenFrom(text);
    },
    async set(key, token) {
      const value = JSON.stringify(token);
      const ttl = token.refreshToken === undefined && token.expiresAt !== undefined ? token.expiresAt - Date.now() : 0;
      if (ttl > 0) await redis.set(keyOf(key), value, 'PX', Math.ceil(ttl));
      else if (token.refreshToken !== undefined || token.expiresAt === undefined) await redis.set(keyOf(key), value);
    },
    async delete(key) {
      await redis.del(keyOf(key));
    },
  };
}

/** A stored token set, or undefined for anything that is not one (a foreign or damaged value is ignored). */
function tokenFrom(text: string): TokenSet | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const t = value as Record<string, unknown>;
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof t.accessToken !== 'string' ||
    typeof t.issuer !== 'string' ||
    typeof t.resource !== 'string' ||
    !(t.expiresAt === undefined || typeof t.expiresAt === 'number') ||
    !optionalString(t.refreshToken) ||
    !optionalString(t.scope)
  ) {
    return undefined;
  }
  return {
    accessToken: t.accessToken,
    expiresAt: t.expiresAt as number | undefined,
    refreshToken: t.refreshToken as string | undefined,
    scope: t.scope as string | undefined,
    issuer: t.issuer,
    resource: t.resource,
  };
}
