/**
 * The driver's `auth` options for the suite's OAuth scenarios (auth/*): the authorization code grant with a loopback
 * redirect URI the mock server redirects to (our client reads the redirect, never visits it), the Client ID
 * Metadata Document URL the suite expects, and the pre-registered client or client-credentials keys that
 * MCP_CONFORMANCE_CONTEXT carries for the scenarios that give one.
 */
import type { ScenarioContext } from './conformance-scenarios.js';

/** The CIMD URL auth/basic-cimd checks for as client_id. */
export const conformanceClientMetadataUrl = 'https://conformance-test.local/client-metadata.json';
export const conformanceRedirectUri = 'http://localhost:3000/callback';

export function conformanceAuthOptions(scenario: string, context: ScenarioContext): Record<string, unknown> {
  const data = context.data;
  const clientId = typeof data.client_id === 'string' ? data.client_id : undefined;
  const client =
    clientId === undefined
      ? undefined
      : {
          clientId,
          ...(typeof data.client_secret === 'string' ? { clientSecret: data.client_secret } : {}),
          ...(typeof data.issuer === 'string' ? { issuer: data.issuer } : {}),
          ...(typeof data.private_key_pem === 'string'
            ? {
                privateKey: data.private_key_pem,
                signingAlgorithm: data.signing_algorithm ?? 'ES256',
                tokenEndpointAuthMethod: 'private_key_jwt',
              }
            : {}),
        };
  if (scenario.startsWith('auth/client-credentials')) {
    return { grant: 'client_credentials', ...(client === undefined ? {} : { client }) };
  }
  return {
    grant: 'authorization_code',
    authorization: { redirectUri: conformanceRedirectUri },
    clientMetadataUrl: conformanceClientMetadataUrl,
    clientName: 'mcpgw-conformance-driver',
    ...(client === undefined ? {} : { client }),
  };
}
