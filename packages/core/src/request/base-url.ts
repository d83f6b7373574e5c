import { ConfigError } from '../errors/config-error.js';

export interface BaseUrl {
  /** `scheme://host[:port]` */
  readonly origin: string;
  /** The path prefix without a trailing slash (`''` or `/mcp`). */
  readonly prefix: string;
}

/** Parses the gateway's base URL: http or https, no credentials, no query or fragment; keeps a path prefix. */
export function parseBaseUrl(value: string | URL, field = 'baseUrl'): BaseUrl {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError([
      { path: field, message: 'must be an absolute http(s) URL, e.g. https://gateway.example.com' },
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError([{ path: field, message: `must use http: or https:, not ${url.protocol}` }]);
  }
  if (url.username || url.password) {
    throw new ConfigError([{ path: field, message: 'must not contain credentials; use apiKey instead' }]);
  }
  if (url.search || url.hash) throw new ConfigError([{ path: field, message: 'must not contain a query or fragment' }]);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}
