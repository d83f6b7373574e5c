import { createHash } from 'node:crypto';

/** A short one-way digest of a secret, so a key can tell credentials apart without ever holding one. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22);
}

/**
 * The API key of a client rarely changes, so its digest is remembered for the last key seen: the hit path then
 * pays a string comparison instead of a hash.
 */
export function lastValueFingerprint(): (secret: string) => string {
  let lastSecret: string | undefined;
  let lastDigest = '';
  return (secret) => {
    if (secret !== lastSecret) {
      lastDigest = fingerprint(secret);
      lastSecret = secret;
    }
    return lastDigest;
  };
}
