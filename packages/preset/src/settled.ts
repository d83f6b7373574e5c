import { GatewayError, InvalidRequestError } from '@mcpgw/core';
import { UnexpectedError } from './unexpected-error.js';

/** One item's outcome in a batch: its value, or the typed error it failed with. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: GatewayError };

export interface BatchOptions {
  /** Items run at once. Default 8. */
  concurrency?: number;
}

const MAX_CONCURRENCY = 1_000;
const MAX_ITEMS = 100_000;

/**
 * Runs `run` over `items` with at most `concurrency` at once and returns one settled result per item, in input
 * order. A failure never stops the others, and never loses a success.
 */
export async function mapSettled<I, T>(
  items: readonly I[],
  concurrency: number,
  run: (item: I, index: number) => Promise<T>,
): Promise<Settled<T>[]> {
  const results = new Array<Settled<T>>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = { ok: true, value: await run(items[index] as I, index) };
      } catch (error) {
        results[index] = { ok: false, error: asGatewayError(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Checks a batch before anything is sent. */
export function checkBatch(items: unknown, what: string, options: BatchOptions, fallback: number): number {
  if (!Array.isArray(items)) {
    throw new InvalidRequestError(`${what} must be an array`, { field: what });
  }
  if (items.length > MAX_ITEMS) {
    throw new InvalidRequestError(
      `${what} holds ${items.length} items; split it into batches of at most ${MAX_ITEMS}`,
      {
        field: what,
      },
    );
  }
  const concurrency = options.concurrency ?? fallback;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new InvalidRequestError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, e.g. 8`, {
      field: 'concurrency',
    });
  }
  return concurrency;
}

function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new UnexpectedError(error);
}
