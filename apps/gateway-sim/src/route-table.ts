import type { SimRoute } from './script-step.js';

/** Where a request line points. `server` is the percent-decoded E2 segment (undefined when undecodable). */
export type RouteMatch =
  | { route: 'listServers' | 'listTools' | 'invoke' | 'health'; method: string; query: string }
  | { route: 'getServer'; method: string; query: string; server: string | undefined }
  | { route: 'admin'; action: string; query: string }
  | { route: 'other' };

export const routeMethods: Record<SimRoute, string> = {
  listServers: 'GET',
  getServer: 'GET',
  listTools: 'GET',
  invoke: 'POST',
  health: 'GET',
};

const serversPrefix = '/api/v1/servers/';

/** Matches the raw request target exactly as received; no normalisation, so `%2F` stays inside one segment. */
export function matchRoute(rawUrl: string): RouteMatch {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q + 1);
  switch (path) {
    case '/api/v1/servers':
      return { route: 'listServers', method: 'GET', query };
    case '/api/v1/tools':
      return { route: 'listTools', method: 'GET', query };
    case '/api/v1/invoke':
      return { route: 'invoke', method: 'POST', query };
    case '/health':
      return { route: 'health', method: 'GET', query };
  }
  if (path.startsWith(serversPrefix)) {
    const segment = path.slice(serversPrefix.length);
    if (segment === '' || segment.includes('/')) return { route: 'other' };
    return { route: 'getServer', method: 'GET', query, server: decodeSegment(segment) };
  }
  if (path.startsWith('/__admin/')) return { route: 'admin', action: path.slice('/__admin/'.length), query };
  return { route: 'other' };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
