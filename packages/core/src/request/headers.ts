import { InvalidRequestError } from '../errors/invalid-request-error.js';

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value may hold tabs, visible ASCII, spaces and obs-text (0x80-0xFF); nothing else can go on the wire.
const BAD_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/** Throws `InvalidRequestError` for a header name that is not a token, or a value with CR, LF, NUL or another control character. The message names the header, never the value. */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new InvalidRequestError('a header name is not a valid HTTP token', { field: 'headers' });
  if (typeof value !== 'string' || BAD_VALUE.test(value)) {
    throw new InvalidRequestError(
      `header ${name.toLowerCase()} has a value with a control character (CR, LF, NUL) or a character above U+00FF`,
      {
        field: `headers.${name.toLowerCase()}`,
      },
    );
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
