/** A cached response as a store keeps it. Stores may serialise it; `body` and `headers` are JSON values. */
export interface CacheEntry {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, deep-frozen by the cache before it is stored. */
  readonly body: unknown;
  /** Epoch ms when the response was stored. */
  readonly storedAt: number;
  /** Epoch ms until which the entry is fresh; after it the entry is stale (served only inside the SWR/SIE windows). */
  readonly expiresAt: number;
  /** Approximate size in bytes (serialised body and headers), used for the byte bound. */
  readonly size: number;
  /**
   * True when `body` is what the request's decoder made in this process, so a hit needs no second check. A store
   * that serialises entries leaves it out: a body read back from elsewhere is checked again.
   */
  readonly decoded?: boolean;
}
