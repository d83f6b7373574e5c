/** Deeper than any option of the preset; a bound, because the options are the caller's data. */
const MAX_DEPTH = 4;

/**
 * A copy of the options without their `undefined` properties, in plain objects at any depth up to `MAX_DEPTH`, so
 * that `apiKey: process.env.KEY` and `timeouts: { attemptMs: undefined }` mean "the default", as an omitted option
 * does, and a spread such as `{ ...defaults, ...options.timeouts }` never replaces a default with `undefined`.
 * Instances the user brings (a registry, a logger, a store, a dispatcher, a URL) are kept as they are.
 */
export function withoutUndefined<T extends object>(options: T): T {
  return copyDefined(options, 0) as T;
}

function copyDefined(value: object, depth: number): object {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    copy[key] = depth < MAX_DEPTH && isPlainObject(field) ? copyDefined(field, depth + 1) : field;
  }
  return copy;
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
