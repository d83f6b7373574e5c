import type { ExchangeBounds, ExchangeCall } from './bounded-exchange.js';
import { secureEndpoint } from './endpoint-url.js';
import { AuthDiscoveryError } from './errors/auth-discovery-error.js';
import { IssuerMismatchError } from './errors/issuer-mismatch-error.js';
import { fetchMetadataDocument, stringList } from './metadata-document.js';

/** The fields of RFC 8414 Authorization Server Metadata the client uses. */
export interface AuthorizationServer {
  readonly issuer: string;
  readonly authorizationEndpoint: string | undefined;
  readonly tokenEndpoint: string;
  readonly registrationEndpoint: string | undefined;
  readonly scopesSupported: readonly string[] | undefined;
  readonly grantTypesSupported: readonly string[] | undefined;
  readonly tokenEndpointAuthMethods: readonly string[] | undefined;
  readonly codeChallengeMethods: readonly string[] | undefined;
  /** RFC 9207: the server promises `iss` in every authorization response. */
  readonly issParameterSupported: boolean;
  readonly clientIdMetadataDocumentSupported: boolean;
}

/**
 * The well-known URLs of an issuer, in the MCP spec's order: with a path, RFC 8414 path insertion, OpenID path
 * insertion, then OpenID path appending; without one, RFC 8414 then OpenID. Never the root URL for an issuer with a
 * path: that is another tenant's document.
 */
export function authorizationServerUrls(issuer: URL): string[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  if (path === '') {
    return [
      `${issuer.origin}/.well-known/oauth-authorization-server`,
      `${issuer.origin}/.well-known/openid-configuration`,
    ];
  }
  return [
    `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
    `${issuer.origin}/.well-known/openid-configuration${path}`,
    `${issuer.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Discovers an authorization server's metadata and refuses it unless its `issuer` is, as an exact string, the issuer
 * its URL was built from (RFC 8414 §3.3; a mismatch is a mix-up or a poisoned document). `legacy` (no Protected
 * Resource Metadata, 2025-03-26): a server with no document gets the default endpoints at its root.
 */
export async function discoverAuthorizationServer(
  issuer: string,
  legacy: boolean,
  bounds: ExchangeBounds,
  call: ExchangeCall,
): Promise<AuthorizationServer> {
  const issuerUrl = secureEndpoint(issuer, 'authorization server');
  for (const url of authorizationServerUrls(issuerUrl)) {
    const document = await fetchMetadataDocument(url, bounds, call);
    if (document === undefined) continue;
    if (document.issuer !== issuer) {
      throw new IssuerMismatchError(
        'metadata',
        issuer,
        typeof document.issuer === 'string' ? document.issuer : '(none)',
        call.context,
      );
    }
    return fromDocument(issuer, document, call);
  }
  if (legacy) {
    return fromDocument(
      issuer,
      {
        authorization_endpoint: `${issuerUrl.origin}/authorize`,
        token_endpoint: `${issuerUrl.origin}/token`,
        registration_endpoint: `${issuerUrl.origin}/register`,
        code_challenge_methods_supported: ['S256'],
      },
      call,
    );
  }
  throw new AuthDiscoveryError('authorization-server', `no metadata for issuer ${issuer}`, call.context);
}

function fromDocument(issuer: string, document: Record<string, unknown>, call: ExchangeCall): AuthorizationServer {
  const endpoint = (name: string): string | undefined => {
    const value = document[name];
    return value === undefined ? undefined : secureEndpoint(value, name).href;
  };
  const tokenEndpoint = endpoint('token_endpoint');
  if (tokenEndpoint === undefined) {
    throw new AuthDiscoveryError('authorization-server', `issuer ${issuer} publishes no token_endpoint`, call.context);
  }
  return {
    issuer,
    authorizationEndpoint: endpoint('authorization_endpoint'),
    tokenEndpoint,
    registrationEndpoint: endpoint('registration_endpoint'),
    scopesSupported: stringList(document.scopes_supported),
    grantTypesSupported: stringList(document.grant_types_supported),
    tokenEndpointAuthMethods: stringList(document.token_endpoint_auth_methods_supported),
    codeChallengeMethods: stringList(document.code_challenge_methods_supported),
    issParameterSupported: document.authorization_response_iss_parameter_supported === true,
    clientIdMetadataDocumentSupported: document.client_id_metadata_document_supported === true,
  };
}
