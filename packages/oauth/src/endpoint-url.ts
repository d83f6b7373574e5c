import { InsecureEndpointError } from './errors/insecure-endpoint-error.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost') || /^127\./.test(url.hostname);
}

/**
 * Parses an OAuth endpoint a peer (or the user) named and refuses anything but https, and http on loopback: a token,
 * a code or a client secret must never cross a network in the clear. No credentials in the URL either.
 */
export function secureEndpoint(text: unknown, what: string): URL {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2_048) {
    throw new InsecureEndpointError(`${what} (not a URL)`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InsecureEndpointError(`${what} (not a URL)`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  if (!secure || url.username !== '' || url.password !== '') throw new InsecureEndpointError(`${url.origin} (${what})`);
  return url;
}

/** The endpoint a request is for, without query or fragment: what a protected resource is matched against. */
export function endpointOf(origin: string, path: string): string {
  return origin + path;
}
