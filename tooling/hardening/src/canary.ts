import { hs256Token } from './hs256-token.js';

/** The secret used to sign (and, with OPA on, verify) the canary user token. */
export const jwtSecret = 'hardening-jwt-secret-0123456789abcdef';

const userToken = hs256Token(
  { sub: 'canary-user', roles: ['analyst'], iat: 1_700_000_000, exp: 4_102_444_800 },
  jwtSecret,
);

/**
 * Values that must never leave the process except on the wire to the gateway: the API key, the user token (and its
 * signature alone) and a parameter value. Distinctive strings, so a scan cannot match them by accident.
 */
export const canary = {
  apiKey: 'canary-apikey-Zq81vXk3',
  userToken,
  userTokenSignature: userToken.split('.')[2]!,
  parameterValue: 'canary-param-Hy7Tw0pL',
} as const;
