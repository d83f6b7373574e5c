import { InvalidRequestError } from '../errors/invalid-request-error.js';

export const MAX_NAME_LENGTH = 256;

// Control characters (C0, DEL, C1) are never part of a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A UTF-16 surrogate without its pair cannot be percent-encoded (encodeURIComponent throws on it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Characters that mean something in a path or URL, or that a proxy may decode or normalise.
const UNSAFE = /[/\\?#%]/;

// Names are few and asked for again and again: the last ones that passed the strict check, and their encodings, are
// remembered (bounded: started over when full).
const REMEMBERED = 1_024;
const strictNames = new Set<string>();
const encodings = new Map<string, string>();

/**
 * Checks a name (server, tool) given by a caller. Strict mode refuses anything that could be read as path or query
 * syntax (`/`, `\`, `?`, `#`, `%`, `.` and `..`); lenient mode only refuses what can never be a name. Either way the
 * name is later encoded as one path segment.
 */
export function checkName(value: unknown, field: string, strict = true): string {
  if (strict && strictNames.has(value as string)) return value as string;
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
  if (strict) {
    if (strictNames.size >= REMEMBERED) strictNames.clear();
    strictNames.add(value);
  }
  return value;
}

/**
 * Percent-encodes a value as exactly one path segment: `/`, `?`, `#` and `%` are encoded, and the dot segments `.`
 * and `..` are encoded too, so no value can change the path, the query or the host.
 */
export function encodePathSegment(value: string): string {
  let encoded = encodings.get(value);
  if (encoded !== undefined) return encoded;
  encoded = encodeURIComponent(value);
  if (encoded === '.' || encoded === '..') encoded = encoded.replaceAll('.', '%2E');
  if (encodings.size >= REMEMBERED) encodings.clear();
  encodings.set(value, encoded);
  return encoded;
}
