/** Query parameters whose values may be credentials; their values become `REDACTED` as OTel's conventions ask. */
const sensitiveQueryName = /key|token|secret|passw|auth|sig|credential|session|code/i;

/** `url.full` for a span: no user info, and credential-like query values replaced by `REDACTED`. */
export function safeUrl(raw: string): string {
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

/** `server.address` and `server.port` of an origin, the port defaulted from the scheme. */
export function serverOf(origin: string): { address: string; port: number } | undefined {
  try {
    const url = new URL(origin);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { address: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}
