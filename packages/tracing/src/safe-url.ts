/** Query parameters whose values may be credentials; their values become `REDACTED` as OTel's conventions ask. */
const sensitiveQueryName = /key|token|secret|passw|auth|sig|credential|session|code/i;

/** `url.full` for a span: no user info, and credential-like query values replaced by `REDACTED`. */
export function safeUrl(raw: string): string {
  // Fast path: no user info, no fragment, and nothing credential-like anywhere in the query (names or values).
  const queryAt = raw.indexOf('?');
  const authorityEnd = raw.indexOf('/', raw.indexOf('//') + 2);
  const authority = authorityEnd === -1 ? raw : raw.slice(0, authorityEnd);
  const http = raw.startsWith('http://') || raw.startsWith('https://');
  if (
    http &&
    !authority.includes('@') &&
    !raw.includes('#') &&
    (queryAt === -1 || !sensitiveQueryName.test(raw.slice(queryAt)))
  ) {
    return raw;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '';
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.search !== '') {
    const params = new URLSearchParams();
    for (const [name, value] of url.searchParams)
      params.append(name, sensitiveQueryName.test(name) ? 'REDACTED' : value);
    url.search = params.toString();
  }
  return url.toString();
}

const servers = new Map<string, { address: string; port: number } | undefined>();
const MAX_CACHED_ORIGINS = 256;

/** `server.address` and `server.port` of an origin, the port defaulted from the scheme; cached per origin. */
export function serverOf(origin: string): { address: string; port: number } | undefined {
  if (servers.has(origin)) return servers.get(origin);
  const server = parseServer(origin);
  if (servers.size < MAX_CACHED_ORIGINS) servers.set(origin, server);
  return server;
}

function parseServer(origin: string): { address: string; port: number } | undefined {
  try {
    const url = new URL(origin);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { address: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}
