import { InvalidRequestError } from '../errors/invalid-request-error.js';

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value may hold visible characters, spaces and tabs; no other control character.
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Throws `InvalidRequestError` for a header name that is not a token, or a value with CR, LF, NUL or another control character. The message names the header, never the value. */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new InvalidRequestError('a header name is not a valid HTTP token', { field: 'headers' });
  if (typeof value !== 'string' || BAD_VALUE.test(value)) {
    throw new InvalidRequestError(`header ${name.toLowerCase()} has a value with a control character (CR, LF, NUL)`, {
      field: `headers.${name.toLowerCase()}`,
    });
  }
}

/** Checks every header and returns a copy with lower-case names. */
export function normaliseHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    checkHeader(name, value);
    out[name.toLowerCase()] = value;
  }
  return out;
}
