import { InvalidRequestError } from '../errors/invalid-request-error.js';

export const MAX_NAME_LENGTH = 256;

// Control characters (C0, DEL, C1) are never part of a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A UTF-16 surrogate without its pair cannot be percent-encoded (encodeURIComponent throws on it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Characters that mean something in a path or URL, or that a proxy may decode or normalise.
const UNSAFE = /[/\\?#%]/;

// Most names are plain (letters, digits, `-`, `_`, `.`, `~`): one test passes them, and they encode as themselves.
// (A memo of the last names checked missed every time once a caller cycled through more names than it held.)
const PLAIN = /^[A-Za-z0-9._~-]{1,256}$/;
const isPlain = (value: string): boolean => PLAIN.test(value) && value !== '.' && value !== '..';

/**
 * Checks a name (server, tool) given by a caller. Strict mode refuses anything that could be read as path or query
 * syntax (`/`, `\`, `?`, `#`, `%`, `.` and `..`); lenient mode only refuses what can never be a name. Either way the
 * name is later encoded as one path segment.
 */
export function checkName(value: unknown, field: string, strict = true): string {
  if (typeof value === 'string' && isPlain(value)) return value;
  if (typeof value !== 'string') throw new InvalidRequestError(`${field} must be a string`, { field });
  if (value.length === 0) throw new InvalidRequestError(`${field} must not be empty`, { field });
  if (value.length > MAX_NAME_LENGTH) {
    throw new InvalidRequestError(`${field} is longer than ${MAX_NAME_LENGTH} characters`, { field });
  }
  if (CONTROL.test(value)) throw new InvalidRequestError(`${field} contains a control character`, { field });
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidRequestError(`${field} is not well-formed Unicode (a lone surrogate)`, { field });
  }
  if (strict && (UNSAFE.test(value) || value === '.' || value === '..')) {
    throw new InvalidRequestError(`${field} contains a character not allowed in a name (/ \\ ? # % or a dot segment)`, {
      field,
    });
  }
  return value;
}

/**
 * Percent-encodes a value as exactly one path segment: `/`, `?`, `#` and `%` are encoded, and the dot segments `.`
 * and `..` are encoded too, so no value can change the path, the query or the host.
 */
export function encodePathSegment(value: string): string {
  if (isPlain(value)) return value;
  const encoded = encodeURIComponent(value);
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
}
