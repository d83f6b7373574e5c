import type { AuthorizationHandler } from './authorization-code.js';
import { boundedExchange, type ExchangeBounds } from './bounded-exchange.js';
import { AuthorizationResponseError } from './errors/authorization-response-error.js';

const MAX_HOPS = 5;

/**
 * An authorization handler without a browser, for authorization servers that approve a client with no person (and
 * test servers): GETs the authorization URL with no credentials and reads where it redirects. A redirect to another
 * origin is read, never followed, unless it is to the redirect URI, which is returned unvisited; at most five
 * same-origin hops.
 */
export function followAuthorization(redirectUri: string, bounds: ExchangeBounds): AuthorizationHandler {
  const target = new URL(redirectUri);
  return async (authorizationUrl, { signal }) => {
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const answer = await boundedExchange({ method: 'GET', url: url.href }, bounds, { signal });
      const location = answer.headers.location;
      if (answer.status < 300 || answer.status >= 400 || typeof location !== 'string') {
        throw new AuthorizationResponseError(`the authorization endpoint answered ${answer.status} without a redirect`);
      }
      const next = new URL(location, url);
      if (next.origin === target.origin && next.pathname === target.pathname) return next.href;
      if (next.origin !== url.origin) {
        throw new AuthorizationResponseError(
          `the authorization endpoint redirected to another origin (${next.origin})`,
        );
      }
      url = next;
    }
    throw new AuthorizationResponseError(`more than ${MAX_HOPS} redirects before the redirect URI`);
  };
}
