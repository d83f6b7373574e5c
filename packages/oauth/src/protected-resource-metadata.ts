import type { ExchangeBounds, ExchangeCall } from './bounded-exchange.js';
import { secureEndpoint } from './endpoint-url.js';
import { AuthDiscoveryError } from './errors/auth-discovery-error.js';
import { ResourceMismatchError } from './errors/resource-mismatch-error.js';
import { fetchMetadataDocument, stringList } from './metadata-document.js';

/** The fields of RFC 9728 Protected Resource Metadata the client uses. */
export interface ProtectedResource {
  /** The resource identifier, exactly as published: what `resource=` carries. */
  readonly resource: string;
  readonly authorizationServers: readonly string[];
  readonly scopesSupported: readonly string[] | undefined;
  /** True when the server published no metadata and its origin stands in for the authorization server (2025-03-26). */
  readonly legacy: boolean;
}

/** The URLs tried, in order: the challenge's `resource_metadata`, the path-aware well-known URL, then the root one. */
export function protectedResourceUrls(endpoint: URL, fromChallenge: string | undefined): string[] {
  const urls: string[] = [];
  if (fromChallenge !== undefined) urls.push(secureEndpoint(fromChallenge, 'resource_metadata').href);
  const path = endpoint.pathname.replace(/\/+$/, '');
  if (path !== '') urls.push(`${endpoint.origin}/.well-known/oauth-protected-resource${path}`);
  urls.push(`${endpoint.origin}/.well-known/oauth-protected-resource`);
  return urls;
}

/**
 * Discovers the Protected Resource Metadata of `endpoint` (RFC 9728), and refuses a document whose `resource` is not
 * the endpoint or a parent of it on the same origin: a token asked for another resource must not be sent here.
 * With no document anywhere, the endpoint's origin is taken as its authorization server, as the 2025-03-26 spec did.
 */
export async function discoverProtectedResource(
  endpoint: URL,
  fromChallenge: string | undefined,
  bounds: ExchangeBounds,
  call: ExchangeCall,
): Promise<ProtectedResource> {
  for (const url of protectedResourceUrls(endpoint, fromChallenge)) {
    const document = await fetchMetadataDocument(url, bounds, call);
    if (document === undefined) continue;
    const resource = document.resource;
    const servers = stringList(document.authorization_servers, 16);
    if (typeof resource !== 'string' || servers === undefined || servers.length === 0) {
      throw new AuthDiscoveryError(
        'protected-resource',
        `${url} has no resource or authorization_servers`,
        call.context,
      );
    }
    if (!coversEndpoint(resource, endpoint))
      throw new ResourceMismatchError({ resource, endpoint: endpoint.href }, call.context);
    return {
      resource,
      authorizationServers: servers,
      scopesSupported: stringList(document.scopes_supported),
      legacy: false,
    };
  }
  return {
    resource: endpoint.href,
    authorizationServers: [endpoint.origin],
    scopesSupported: undefined,
    legacy: true,
  };
}

/** The resource is the endpoint, or a path prefix of it (at a segment boundary) on the same origin. */
export function coversEndpoint(resource: string, endpoint: URL): boolean {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    return false;
  }
  if (url.origin !== endpoint.origin || url.hash !== '' || url.search !== '') return false;
  const base = url.pathname.replace(/\/+$/, '');
  const path = endpoint.pathname.replace(/\/+$/, '');
  return path === base || path.startsWith(`${base}/`);
}
