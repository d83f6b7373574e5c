import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): the verifier stays in memory for one token request; only its S256 hash is sent first. */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

export function newPkce(): Pkce {
  // 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows, with 256 bits of entropy.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), method: 'S256' };
}

export function randomState(): string {
  return randomBytes(16).toString('base64url');
}
