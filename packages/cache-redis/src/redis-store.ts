import { randomUUID } from 'node:crypto';
import {
  type CacheEntry,
  type CacheSetOptions,
  type CacheStore,
  type CacheStoreHealth,
  type CacheStoreStats,
  deepFreeze,
  type MemoryStore,
  memoryStore,
} from '@mcpgw/cache';
import { type CacheStoreEvent, ConfigError, type ConfigIssue, channels } from '@mcpgw/core';
import { Circuit, consecutiveFailures, REFUSED, redisConnectionPolicy } from '@mcpgw/core/kit';
import { Redis } from 'ioredis';
import { decodeEntry, encodeEntry } from './entry-codec.js';
import { redisScripts, type ScriptedCommands } from './redis-scripts.js';
import { RedisStoreError, withTimeout } from './redis-store-error.js';

export interface RedisL1Options {
  /** Entries kept in process. Default 1 000. */
  maxEntries?: number;
  /** Bytes kept in process. Default 8 MiB. */
  maxBytes?: number;
  /** How long an entry stays in process at most. Default 5 000. */
  ttlMs?: number;
}

export interface RedisStoreOptions {
  /** `redis://host:port/db`. Default `redis://127.0.0.1:6379`. Ignored when `client` is given. */
  url?: string;
  /** A client of your own; it is not closed by `close()`. */
  client?: Redis;
  /** Prefix of every key and of the invalidation channel. Default `mcpgw`. */
  namespace?: string;
  /** In-process cache in front of Redis, kept coherent through pub/sub. Default off. */
  l1?: RedisL1Options | false;
  /** Bound of every Redis call; past it the call counts as a miss. Default 250. */
  commandTimeoutMs?: number;
  /** Consecutive failures after which Redis is skipped for `cooldownMs`, then probed by one call. Default 3. */
  failureThreshold?: number;
  /** How long Redis is skipped after `failureThreshold` failures. Default 1 000. */
  cooldownMs?: number;
}

export interface RedisStoreStats extends CacheStoreStats {
  /** Calls that failed or timed out. */
  readonly errors: number;
  /** Calls not sent because Redis was down or in cool-down (each answered as a miss or dropped). */
  readonly skipped: number;
  /** Answers from the in-process L1. */
  readonly l1Hits: number;
  readonly available: boolean;
}

export interface RedisStore extends CacheStore {
  readonly name: 'redis';
  stats(): RedisStoreStats;
  health(): Promise<CacheStoreHealth>;
  /** Resolves true once Redis is connected (and the L1 subscription is live), false after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Whether the key is in the L1 right now (for diagnostics and tests). */
  l1Has(key: string): boolean;
  /** Releases every socket and listener this store opened; a `client` you passed stays open. */
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const DEFAULT_COMMAND_TIMEOUT_MS = 250;

type InvalidationMessage = { s: string; k: string } | { s: string; t: string } | { s: string; c: 1 };

/** A shared cache store on Redis (ioredis): a cache fault never fails a request, it becomes a miss. */
export function redisStore(options: RedisStoreOptions = {}): RedisStore {
  return new SharedRedisStore(options);
}

class SharedRedisStore implements RedisStore {
  readonly name = 'redis' as const;
  readonly #client: Redis;
  readonly #commands: ScriptedCommands;
  readonly #ownsClient: boolean;
  readonly #subscriber: Redis | undefined;
  readonly #l1: MemoryStore | undefined;
  readonly #l1TtlMs: number;
  readonly #ns: string;
  readonly #genKey: string;
  readonly #channel: string;
  readonly #id = randomUUID();
  readonly #timeoutMs: number;
  // Steps aside from a failing Redis: core's circuit, opened by consecutive failures, one probe after the cool-down.
  readonly #circuit: Circuit;
  readonly #detach: Array<() => void> = [];
  #available = false;
  #connecting: Promise<void> | undefined;
  #subscribed = false;
  #errors = 0;
  #skipped = 0;
  #l1Hits = 0;
  #closed = false;

  constructor(options: RedisStoreOptions) {
    const issues: ConfigIssue[] = [];
    const ns = options.namespace ?? 'mcpgw';
    if (typeof ns !== 'string' || !/^[\w.-]{1,64}$/.test(ns)) {
      issues.push({ path: 'cache.store.namespace', message: 'must be 1..64 characters of [A-Za-z0-9_.-]' });
    }
    this.#timeoutMs = positive(options.commandTimeoutMs, DEFAULT_COMMAND_TIMEOUT_MS, 'commandTimeoutMs', issues);
    const failureThreshold = positive(options.failureThreshold, 3, 'failureThreshold', issues);
    const cooldownMs = positive(options.cooldownMs, 1_000, 'cooldownMs', issues);
    const l1 = options.l1 ?? false;
    this.#l1TtlMs = l1 === false ? 0 : positive(l1.ttlMs, 5_000, 'l1.ttlMs', issues);
    if (issues.length > 0) throw new ConfigError(issues);
    this.#circuit = new Circuit({ trip: consecutiveFailures(failureThreshold), openMs: cooldownMs });
    this.#ns = ns;
    this.#genKey = `${ns}:gen`;
    this.#channel = `${ns}:invalidate`;

    this.#ownsClient = options.client === undefined;
    this.#client = options.client ?? new Redis(options.url ?? DEFAULT_URL, redisConnectionPolicy(this.#timeoutMs));
    for (const [name, script] of Object.entries(redisScripts)) this.#client.defineCommand(name, script);
    this.#commands = this.#client as unknown as ScriptedCommands;
    this.#watch(this.#client, 'ready', () => this.#setAvailable(true));
    this.#watch(this.#client, 'close', () => this.#setAvailable(false));
    this.#watch(this.#client, 'error', (error: unknown) => this.#setAvailable(false, error));
    if (this.#client.status === 'ready') this.#setAvailable(true);
    else {
      // Calls made while the first connection is being opened wait for it (within their bound) instead of missing.
      this.#connecting = new Promise<void>((resolve) => {
        const events = ['ready', 'error', 'end'] as const;
        const settle = () => {
          for (const event of events) this.#client.off(event, settle);
          this.#connecting = undefined;
          resolve();
        };
        for (const event of events) this.#client.on(event, settle);
        this.#detach.push(settle);
      });
    }

    if (l1 !== false) {
      this.#l1 = memoryStore({
        name: 'redis-l1',
        maxEntries: l1.maxEntries ?? 1_000,
        maxBytes: l1.maxBytes ?? 8 << 20,
      });
      // Subscriptions must survive reconnects, so this one connection may queue its SUBSCRIBE until it is up.
      this.#subscriber = this.#client.duplicate({ enableOfflineQueue: true, lazyConnect: false });
      this.#watch(this.#subscriber, 'message', (channel: string, message: string) => this.#onMessage(channel, message));
      this.#watch(this.#subscriber, 'error', () => {});
      this.#watch(this.#subscriber, 'close', () => {
        // Without the subscription the L1 cannot hear invalidations: it holds nothing until it is back.
        this.#subscribed = false;
        this.#l1?.clear();
      });
      this.#watch(this.#subscriber, 'ready', () => {
        // Invalidations sent while this connection was down are lost: start the L1 over.
        this.#l1?.clear();
        this.#subscribed = true;
      });
      this.#subscriber.subscribe(this.#channel).catch(() => {});
    }
  }

  #watch(emitter: Redis, event: string, listener: (...args: never[]) => void): void {
    const l = listener as (...args: unknown[]) => void;
    emitter.on(event, l);
    this.#detach.push(() => emitter.off(event, l));
  }

  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const local = this.#l1?.get(key);
    if (local !== undefined) {
      this.#l1Hits++;
      return local;
    }
    return this.#getRemote(key);
  }

  async #getRemote(key: string): Promise<CacheEntry | undefined> {
    const raw = await this.#call(() => this.#commands.mcpgwGet(this.#genKey, this.#ns, key));
    if (raw === undefined || raw === null) return undefined;
    const decoded = decodeEntry(raw);
    if (decoded === undefined) {
      this.#fault(new RedisStoreError('unreadable entry in redis (another format?)', 'MCPGW_CACHE_STORE_FAILED'));
      return undefined;
    }
    if (this.#l1 !== undefined && this.#subscribed) {
      const entry = deepFreeze(decoded.entry);
      this.#l1.set(key, entry, { ttlMs: this.#l1TtlMs, tags: decoded.tags });
      return entry;
    }
    return decoded.entry;
  }

  async set(key: string, entry: CacheEntry, options: CacheSetOptions): Promise<void> {
    const ttlMs = Math.max(1, Math.ceil(options.ttlMs));
    const value = encodeEntry(entry, options.tags);
    const ok = await this.#call(() =>
      this.#commands.mcpgwSet(
        this.#genKey,
        this.#ns,
        this.#channel,
        this.#message({ k: key }),
        key,
        value,
        ttlMs,
        ...options.tags,
      ),
    );
    if (ok !== undefined && this.#l1 !== undefined && this.#subscribed) {
      this.#l1.set(key, entry, { ttlMs: Math.min(ttlMs, this.#l1TtlMs), tags: options.tags });
    }
  }

  async delete(key: string): Promise<void> {
    this.#l1?.delete(key);
    await this.#call(() =>
      this.#commands.mcpgwDelete(this.#genKey, this.#ns, this.#channel, this.#message({ k: key }), key),
    );
  }

  async deleteByTag(tag: string): Promise<void> {
    this.#l1?.deleteByTag(tag);
    await this.#call(() =>
      this.#commands.mcpgwDeleteByTag(this.#genKey, this.#ns, this.#channel, this.#message({ t: tag }), tag),
    );
  }

  async clear(): Promise<void> {
    this.#l1?.clear();
    await this.#call(() => this.#commands.mcpgwClear(this.#genKey, this.#channel, this.#message({ c: 1 })));
  }

  stats(): RedisStoreStats {
    const l1 = this.#l1?.stats();
    return {
      entries: l1?.entries ?? 0,
      bytes: l1?.bytes ?? 0,
      evictions: l1?.evictions ?? 0,
      errors: this.#errors,
      skipped: this.#skipped,
      l1Hits: this.#l1Hits,
      available: this.#available,
    };
  }

  async health(): Promise<CacheStoreHealth> {
    if (this.#closed) return { ok: false, detail: 'closed' };
    try {
      await withTimeout(this.#client.ping(), this.#timeoutMs);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: RedisStoreError.from(error).message };
    }
  }

  async ready(timeoutMs = 5_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.#closed && Date.now() < until) {
      if (this.#available && (this.#subscriber === undefined || this.#subscribed)) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  l1Has(key: string): boolean {
    return this.#l1?.has(key) ?? false;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#available = false;
    for (const detach of this.#detach.splice(0)) detach();
    this.#l1?.clear();
    // Errors after close (a socket closing) must not reach an 'error' event without a listener.
    this.#subscriber?.on('error', () => {});
    this.#subscriber?.disconnect();
    if (this.#ownsClient) {
      this.#client.on('error', () => {});
      this.#client.disconnect();
    }
  }

  /** Runs one Redis call bounded in time; any failure becomes `undefined` (a miss or a dropped write). */
  async #call<T>(run: () => Promise<T>): Promise<T | undefined> {
    if (this.#connecting !== undefined) await withTimeout(this.#connecting, this.#timeoutMs).catch(() => {});
    const ticket = this.#closed || !this.#available ? REFUSED : this.#circuit.admit();
    if (ticket === REFUSED) {
      this.#skipped++;
      return undefined;
    }
    try {
      const result = await withTimeout(run(), this.#timeoutMs);
      this.#circuit.succeeded(ticket);
      return result;
    } catch (error) {
      this.#fault(error);
      this.#circuit.failed(ticket);
      return undefined;
    }
  }

  #fault(error: unknown): void {
    this.#errors++;
    this.#publish('error', RedisStoreError.from(error));
  }

  #setAvailable(available: boolean, error?: unknown): void {
    if (this.#closed || available === this.#available) return;
    this.#available = available;
    if (available) this.#circuit.reset();
    this.#publish(
      available ? 'available' : 'unavailable',
      error === undefined ? undefined : RedisStoreError.from(error),
    );
  }

  #publish(state: CacheStoreEvent['state'], error: RedisStoreError | undefined): void {
    if (!channels.cacheStore.hasSubscribers) return;
    const event: CacheStoreEvent =
      error === undefined ? { store: this.name, state } : { store: this.name, state, error };
    channels.cacheStore.publish(event);
  }

  #message(body: { k: string } | { t: string } | { c: 1 }): string {
    return JSON.stringify({ s: this.#id, ...body });
  }

  #onMessage(channel: string, raw: string): void {
    if (channel !== this.#channel || this.#l1 === undefined) return;
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return;
    }
    if (message.s === this.#id) return;
    if ('k' in message && typeof message.k === 'string') this.#l1.delete(message.k);
    else if ('t' in message && typeof message.t === 'string') this.#l1.deleteByTag(message.t);
    else if ('c' in message) this.#l1.clear();
  }
}

function positive(value: number | undefined, fallback: number, name: string, issues: ConfigIssue[]): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    issues.push({ path: `cache.store.${name}`, message: `must be a positive number, got ${String(value)}` });
    return fallback;
  }
  return value;
}
