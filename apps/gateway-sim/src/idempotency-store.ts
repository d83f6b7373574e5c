import { BoundedMap } from './bounded-map.js';
import type { SimResponse } from './sim-response.js';

interface StoredInvoke {
  body: string;
  response: SimResponse;
}

export type IdempotencyLookup = { kind: 'new' } | { kind: 'replay'; response: SimResponse } | { kind: 'conflict' };

/** Remembers the answer given to each Idempotency-Key with the exact request body it was given for. Bounded. */
export class IdempotencyStore {
  readonly #entries: BoundedMap<string, StoredInvoke>;

  constructor(capacity: number) {
    this.#entries = new BoundedMap(capacity);
  }

  lookup(key: string, body: string): IdempotencyLookup {
    const stored = this.#entries.get(key);
    if (stored === undefined) return { kind: 'new' };
    // Byte-for-byte: a client retrying with the same key sends the same serialised body.
    return stored.body === body ? { kind: 'replay', response: stored.response } : { kind: 'conflict' };
  }

  remember(key: string, body: string, response: SimResponse): void {
    this.#entries.set(key, { body, response });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
