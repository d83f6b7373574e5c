import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { Decision } from './read-decision.js';

export interface DecisionCacheOptions {
  /** Longest time a decision is reused; the policy's cache_ttl can only shorten it. Default 5000. */
  ttlMs?: number;
  /** Most decisions kept; the least recently used goes first. Default 10000. */
  maxEntries?: number;
}

interface Entry {
  readonly decision: Decision;
  readonly expiresAt: number;
}

/**
 * Decisions per principal and per input: the key is the principal's id plus a SHA-256 of the whole canonical input
 * (parameters included; the per-call `context` left out), so two users never share an entry and a changed
 * parameter is a new decision. Bounded (LRU by Map insertion order).
 */
export class DecisionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(options: DecisionCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  static key(principalId: string, input: Readonly<Record<string, unknown>>): string {
    const { context: _perCall, ...stable } = input;
    const digest = createHash('sha256').update(canonicalJson(stable)).digest('base64url');
    return `${principalId.length}:${principalId}:${digest}`;
  }

  get(key: string, now = Date.now()): Decision | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expiresAt <= now) {
      if (entry !== undefined) this.#entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.hits++;
    return entry.decision;
  }

  /** Stores unless the policy forbids it: TTL = min(configured, cache_ttl); cache_ttl 0 means never. */
  set(key: string, decision: Decision, now = Date.now()): void {
    const policyTtlMs =
      decision.cacheTtlSeconds === undefined ? Number.POSITIVE_INFINITY : decision.cacheTtlSeconds * 1000;
    const ttlMs = Math.min(this.#ttlMs, policyTtlMs);
    if (!(ttlMs > 0)) return;
    this.#entries.delete(key);
    this.#entries.set(key, { decision, expiresAt: now + ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
