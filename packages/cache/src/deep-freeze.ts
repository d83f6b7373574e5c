/**
 * Freezes a JSON value and everything inside it, once, when it enters the cache: every later reader shares the
 * same object and none can change what the others see. Cheaper on the hit path than cloning on every read.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
