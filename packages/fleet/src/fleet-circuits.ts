import type { SharedCircuits } from '@mcpgw/core';

/** Most upstreams read back per sync (and held here): a bound on what a peer's keys can make this process keep. */
export const MAX_SHARED_UPSTREAMS = 256;
// The fleet's spell of an upstream this process opened itself comes back a few ms later than its own: not news.
const ECHO_TOLERANCE_MS = 100;

/**
 * The fleet's view of open circuits, in this process: what its breakers opened (sent with the next sync, at once)
 * and what the others opened (read at every sync, passed to the breakers' `watch`). Ends of spells are held as
 * epoch ms of this process's clock, computed from the ms Redis said were left, so clocks need not agree.
 */
export class FleetCircuits implements SharedCircuits {
  readonly #held = new Map<string, number>();
  readonly #outgoing = new Map<string, number>();
  readonly #watchers = new Set<(upstream: string, openMs: number) => void>();
  readonly #syncSoon: () => void;

  constructor(syncSoon: () => void) {
    this.#syncSoon = syncSoon;
  }

  opened(upstream: string, openMs: number): void {
    const until = Date.now() + openMs;
    this.#outgoing.set(upstream, Math.max(until, this.#outgoing.get(upstream) ?? 0));
    if (until > (this.#held.get(upstream) ?? 0)) this.#held.set(upstream, until);
    this.#syncSoon();
  }

  openFor(upstream: string): number {
    return Math.max(0, (this.#held.get(upstream) ?? 0) - Date.now());
  }

  watch(hold: (upstream: string, openMs: number) => void): () => void {
    this.#watchers.add(hold);
    return () => {
      this.#watchers.delete(hold);
    };
  }

  /** Upstreams open fleet-wide right now (this process's own opens included). */
  openUpstreams(): number {
    const now = Date.now();
    let open = 0;
    for (const until of this.#held.values()) if (until > now) open++;
    return open;
  }

  /** Pairs of upstream and ms left, for a sync; they are given back with `unsent()` when it fails. */
  take(): Array<string | number> {
    const now = Date.now();
    const pairs: Array<string | number> = [];
    for (const [upstream, until] of this.#outgoing) if (until > now) pairs.push(upstream, until - now);
    this.#outgoing.clear();
    return pairs;
  }

  unsent(pairs: ReadonlyArray<string | number>): void {
    const now = Date.now();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const upstream = pairs[i] as string;
      const until = now + (pairs[i + 1] as number);
      if (!this.#outgoing.has(upstream)) this.#outgoing.set(upstream, until);
    }
  }

  /** What a sync read: spells that end later than this process knew are news for the breakers. */
  synced(open: ReadonlyArray<readonly [string, number]>): void {
    const now = Date.now();
    for (const [upstream, until] of this.#held) if (until <= now) this.#held.delete(upstream);
    for (const [upstream, ms] of open) {
      const until = now + ms;
      const known = this.#held.get(upstream) ?? 0;
      if (until <= known) continue;
      if (known === 0 && this.#held.size >= MAX_SHARED_UPSTREAMS) continue;
      this.#held.set(upstream, until);
      if (until > known + ECHO_TOLERANCE_MS) for (const hold of this.#watchers) hold(upstream, ms);
    }
  }
}
