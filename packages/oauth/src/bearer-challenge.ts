/** What a `WWW-Authenticate: Bearer ...` challenge tells the client (RFC 6750 §3, RFC 9728 §5.1). */
export interface BearerChallenge {
  readonly error: string | undefined;
  readonly scope: string | undefined;
  readonly resourceMetadata: string | undefined;
}

// A challenge is a header: past this it is not one worth reading.
const MAX_HEADER_LENGTH = 8_192;
const MAX_PARAMS = 32;

/**
 * The Bearer challenge among the header's challenges (RFC 9110 §11.6.1 syntax), or undefined when there is none.
 * Parameter values are tokens or quoted strings with backslash escapes; unknown parameters are ignored.
 */
export function parseBearerChallenge(header: string | string[] | undefined): BearerChallenge | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (text === undefined || text.length > MAX_HEADER_LENGTH) return undefined;
  let i = 0;
  let inBearer = false;
  let params: Record<string, string> | undefined;
  let count = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
  };
  while (i < text.length && count++ < MAX_PARAMS * 4) {
    skipSpace();
    const start = i;
    while (i < text.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i] as string)) i++;
    const word = text.slice(start, i);
    if (word.length === 0) {
      i++;
      continue;
    }
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '=') {
      // A new auth-scheme starts here.
      if (inBearer) break;
      inBearer = word.toLowerCase() === 'bearer';
      if (inBearer) params = {};
      continue;
    }
    i = j + 1;
    while (text[i] === ' ' || text[i] === '\t') i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++;
    } else {
      const from = i;
      while (i < text.length && text[i] !== ',' && text[i] !== ' ') i++;
      value = text.slice(from, i);
    }
    if (inBearer && params !== undefined && Object.keys(params).length < MAX_PARAMS) params[word.toLowerCase()] = value;
  }
  if (params === undefined) return undefined;
  return {
    error: params.error,
    scope: params.scope === undefined || params.scope.trim() === '' ? undefined : params.scope,
    resourceMetadata: params.resource_metadata,
  };
}
