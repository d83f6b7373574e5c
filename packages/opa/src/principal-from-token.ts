import { AuthorizationDeniedError, ConfigError, type Principal } from '@mcpgw/core';
import {
  type CryptoKey,
  createRemoteJWKSet,
  decodeJwt,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
  type KeyObject,
} from 'jose';

export interface JwtClaimNames {
  /** Claim holding the user id. Default `sub`. Dotted paths (`realm_access.roles`) reach into objects. */
  id?: string;
  roles?: string;
  teams?: string;
  email?: string;
}

export interface JwtOptions {
  /** HMAC secret (HS256/384/512). */
  secret?: string | Uint8Array;
  /** SPKI public key in PEM (RS*, PS*, ES*, EdDSA). */
  publicKey?: string;
  /** JWKS endpoint; keys are fetched and cached by jose. */
  jwksUrl?: string;
  issuer?: string | string[];
  audience?: string | string[];
  /** Accepted algorithms. Default: HS256/384/512 for a secret, RS256 for a PEM key, jose's key-based check for JWKS. */
  algorithms?: string[];
  /** Allowed clock skew for exp/nbf/iat. Default 30. */
  clockToleranceSec?: number;
  claims?: JwtClaimNames;
}

export type PrincipalFromToken = (token: string) => Promise<Principal>;

const invalidToken = 'invalid user token';

/**
 * Verifies a user JWT (signature, issuer, audience, expiry with clock skew) and maps its claims to a principal.
 * Failures are `AuthorizationDeniedError('invalid user token')` whose message and cause never hold the token.
 */
export function principalFromVerifiedToken(options: JwtOptions): PrincipalFromToken {
  const sources = [options.secret, options.publicKey, options.jwksUrl].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw new ConfigError([
      { path: 'opa.jwt', message: 'give exactly one of secret, publicKey or jwksUrl to verify user tokens' },
    ]);
  }
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSec ?? 30,
  };
  let key: Promise<Uint8Array | KeyObject | CryptoKey> | JWTVerifyGetKey;
  if (options.secret !== undefined) {
    const secret = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
    key = Promise.resolve(secret);
    verifyOptions.algorithms = options.algorithms ?? ['HS256', 'HS384', 'HS512'];
  } else if (options.publicKey !== undefined) {
    const alg = options.algorithms?.[0] ?? 'RS256';
    const imported = importSPKI(options.publicKey, alg);
    imported.catch(() => {}); // reported on first use
    key = imported;
    verifyOptions.algorithms = options.algorithms ?? [alg];
  } else {
    let url: URL;
    try {
      url = new URL(options.jwksUrl as string);
    } catch {
      throw new ConfigError([{ path: 'opa.jwt.jwksUrl', message: 'must be an absolute URL' }]);
    }
    key = createRemoteJWKSet(url, { timeoutDuration: 2_000, cooldownDuration: 30_000 });
    if (options.algorithms !== undefined) verifyOptions.algorithms = options.algorithms;
  }
  const claims = options.claims ?? {};
  return async (token) => {
    let payload: JWTPayload;
    try {
      const result =
        typeof key === 'function'
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, await key, verifyOptions);
      payload = result.payload;
    } catch (error) {
      throw deniedFor(error);
    }
    return principalFromClaims(payload, claims);
  };
}

/** Reads claims WITHOUT checking the signature: anyone can forge such a token. Only behind the loud option. */
export function principalFromUnverifiedToken(claims: JwtClaimNames = {}): PrincipalFromToken {
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = decodeJwt(token);
    } catch (error) {
      throw deniedFor(error);
    }
    return principalFromClaims(payload, claims);
  };
}

export function principalFromClaims(payload: JWTPayload, names: JwtClaimNames): Principal {
  const id = claimAt(payload, names.id ?? 'sub');
  if (typeof id !== 'string' || id.length === 0) {
    throw new AuthorizationDeniedError(invalidToken, { cause: new Error('the token has no user id claim') });
  }
  const email = claimAt(payload, names.email ?? 'email');
  return {
    id,
    roles: stringList(claimAt(payload, names.roles ?? 'roles')),
    teams: stringList(claimAt(payload, names.teams ?? 'teams')),
    ...(typeof email === 'string' ? { email } : {}),
  };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let node: unknown = payload;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** An array of strings, or a space-separated string (as OAuth `scope` claims are). */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter((v) => v.length > 0);
  return [];
}

/** jose's errors carry claims (`payload`); only their stable code is kept. */
function deniedFor(error: unknown): AuthorizationDeniedError {
  const code = (error as { code?: unknown } | null)?.code;
  const cause = new Error(typeof code === 'string' ? code : 'the token could not be verified');
  return new AuthorizationDeniedError(invalidToken, { cause });
}
