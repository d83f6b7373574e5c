import { type ErrorContext, GatewayError } from './gateway-error.js';

/** The constructor of a `GatewayError` with fields of its own, its details. */
export type DetailedErrorClass<Details extends object> = abstract new (
  message: string,
  context: ErrorContext | undefined,
  details: Details,
) => GatewayError & Readonly<Details>;

// A symbol, not a #private field: `withContext` copies an error by its own keys, and a copy must keep its details.
const detailsOf = Symbol('details');

class DetailedError extends GatewayError {
  declare readonly [detailsOf]: Record<string, unknown>;

  constructor(message: string, context: ErrorContext | undefined, details: Record<string, unknown>) {
    super(message, context);
    Object.assign(this, details);
    Object.defineProperty(this, detailsOf, { value: details });
  }

  protected override details(): Record<string, unknown> {
    return this[detailsOf];
  }
}

/**
 * The base of an error class with fields of its own: given once, as the constructor's `details`, they become the
 * error's fields and what `toJSON()` adds to the base's. One class behind every such base; only its type differs.
 *
 * ```ts
 * class QueueFullError extends withDetails<{ maxConcurrent: number; maxQueue: number }>() { ... }
 * ```
 */
export function withDetails<Details extends object>(): DetailedErrorClass<Details> {
  return DetailedError as unknown as DetailedErrorClass<Details>;
}
