import { createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';

export type AssertionAlgorithm = 'ES256' | 'ES384' | 'RS256' | 'PS256' | 'EdDSA';

const HASHES: Record<AssertionAlgorithm, string | null> = {
  ES256: 'sha256',
  ES384: 'sha384',
  RS256: 'sha256',
  PS256: 'sha256',
  EdDSA: null,
};

/**
 * A `private_key_jwt` client assertion (RFC 7523 §2.2): iss and sub the client id, aud the issuer, a minute to live,
 * a fresh jti. Signed with node:crypto; the key never leaves the process.
 */
export function clientAssertion(input: {
  readonly clientId: string;
  readonly audience: string;
  readonly privateKey: KeyObject | string;
  readonly algorithm: AssertionAlgorithm;
  readonly now?: number;
}): string {
  const key = typeof input.privateKey === 'string' ? createPrivateKey(input.privateKey) : input.privateKey;
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const header = { alg: input.algorithm, typ: 'JWT' };
  const payload = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
  };
  const signingInput = `${part(header)}.${part(payload)}`;
  const alg = input.algorithm;
  const signature = sign(HASHES[alg], Buffer.from(signingInput), {
    key,
    ...(alg.startsWith('ES') ? { dsaEncoding: 'ieee-p1363' as const } : {}),
    ...(alg === 'PS256' ? { padding: 6, saltLength: 32 } : {}),
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}

function part(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
