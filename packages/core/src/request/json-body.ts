import { InvalidRequestError, type InvalidRequestErrorContext } from '../errors/invalid-request-error.js';
import { freezeWithin } from '../freeze-within.js';

/** Largest request body sent by default: far above any tool call, far below what would hurt a process. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * Deepest nesting a body may have. Tool parameters rarely go past a handful of levels; the bound keeps every walk
 * over the body (freezing here, a decision-cache key, a policy engine) far from the stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

export interface JsonBodyOptions extends InvalidRequestErrorContext {
  /** Largest serialised size in bytes (UTF-8). Default {@link DEFAULT_MAX_REQUEST_BYTES}. */
  maxBytes?: number | undefined;
}

/**
 * A request body serialised once, when the request is built: `json` is exactly what every attempt sends and `value`
 * is `JSON.parse(json)`, deep-frozen. Authorization, keys and the wire all read this one form, so nothing a caller
 * changes afterwards (or a `toJSON` that answers differently the second time) can make what was decided differ
 * from what is sent.
 */
export class JsonBody {
  readonly json: string;
  /** The value as the server will read it: `toJSON` applied, `undefined` members gone; frozen at every depth. */
  readonly value: unknown;
  /** UTF-8 length of `json`. */
  readonly bytes: number;

  private constructor(json: string, value: unknown, bytes: number) {
    this.json = json;
    this.value = value;
    this.bytes = bytes;
    Object.freeze(this);
  }

  /**
   * Serialises `value`; a `JsonBody` is kept as it is (its size checked again only against a `maxBytes` given).
   * Throws `InvalidRequestError` for a value JSON cannot hold (a cycle, a BigInt, nothing at all), nested deeper
   * than {@link MAX_JSON_DEPTH} or larger than `maxBytes`.
   */
  static from(value: unknown, options: JsonBodyOptions = {}): JsonBody {
    const { maxBytes, ...errorOptions } = options;
    const field = errorOptions.field ?? 'body';
    if (value instanceof JsonBody) {
      if (maxBytes !== undefined) checkSize(value.bytes, maxBytes, { ...errorOptions, field });
      return value;
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (cause) {
      const why = cause instanceof RangeError ? 'it is nested far too deep or far too large' : 'a cycle or a BigInt?';
      throw new InvalidRequestError(`${field} cannot be serialised as JSON (${why})`, { ...errorOptions, field });
    }
    if (json === undefined) {
      throw new InvalidRequestError(`${field} has no JSON form (a function or undefined?)`, { ...errorOptions, field });
    }
    const bytes = Buffer.byteLength(json);
    checkSize(bytes, maxBytes ?? DEFAULT_MAX_REQUEST_BYTES, { ...errorOptions, field });
    const parsed: unknown = JSON.parse(json);
    if (!freezeWithin(parsed, MAX_JSON_DEPTH)) {
      throw new InvalidRequestError(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`, {
        ...errorOptions,
        field,
      });
    }
    return new JsonBody(json, parsed, bytes);
  }
}

function checkSize(bytes: number, maxBytes: number, options: InvalidRequestErrorContext): void {
  if (bytes > maxBytes) {
    throw new InvalidRequestError(
      `${options.field} is larger than maxRequestBytes=${maxBytes}; send less or raise maxRequestBytes`,
      options,
    );
  }
}
