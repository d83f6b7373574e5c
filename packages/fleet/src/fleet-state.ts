import { randomUUID } from 'node:crypto';
import { ConfigError, type ConfigIssue, channels, type FleetStateEvent } from '@mcpgw/core';
import { optionIssues, redisConnectionPolicy } from '@mcpgw/core/kit';
import { Redis } from 'ioredis';
import { type BudgetDelta, FleetRetryBudget, type WrappedRetryBudget } from './fleet-budget.js';
import { FleetCircuits, MAX_SHARED_UPSTREAMS } from './fleet-circuits.js';
import { FleetSyncError } from './fleet-sync-error.js';
import { fleetOptionSchema, fleetPrefixPattern } from './option-schema.js';
import { readSyncReply } from './sync-reply.js';
import { syncScript } from './sync-script.js';
import { withTimeout } from './with-timeout.js';

export interface FleetOptions {
  /** Where the fleet's state lives: `{ url }` (default `redis://127.0.0.1:6379`), or `{ client }` of your own (not closed by `close()`). */
  redis?: { url?: string; client?: undefined } | { client: Redis; url?: undefined };
  /** Prefix of every key; processes with the same prefix are one fleet. Default `mcpgw:fleet`. */
  prefix?: string;
  /** The client's name, carried by the `mcpgw:fleet` events. Default `mcpgw`. */
  client?: string;
  /** How often each process syncs with Redis. Default 250. */
  syncIntervalMs?: number;
  /** Bound of every Redis call. Default 250. */
  commandTimeoutMs?: number;
}

export type FleetMode = 'shared' | 'local';

export interface FleetStats {
  readonly state: FleetMode;
  /** Processes that synced within the last few intervals, as of the last good sync (this one included). */
  readonly members: number;
  readonly syncs: number;
  readonly syncErrors: number;
  /** Epoch ms of the last good sync. */
  readonly lastSyncAt: number | undefined;
  /** Why the last sync failed, when it did (never a command's arguments). */
  readonly lastError: string | undefined;
  /** Upstreams held open fleet-wide right now. */
  readonly openUpstreams: number;
}

export interface FleetHealth {
  /** True while shared; false while this process decides alone (Redis unreachable or slow). */
  readonly ok: boolean;
  readonly state: FleetMode;
  readonly detail?: string;
}

export interface FleetState {
  /** `shared` after a good sync, `local` from the first failed one until the next good one. */
  readonly state: FleetMode;
  /** The fleet's view of open circuits, for `breaker({ shared })`. */
  readonly circuits: FleetCircuits;
  /**
   * A retry budget counted across the fleet, falling back to `local` (e.g. `retryBudget()` of `@mcpgw/retry`), whose
   * ratio, minimum and window it uses; every process of a fleet must use the same. One per fleet state.
   */
  retryBudget(local: WrappedRetryBudget): FleetRetryBudget;
  stats(): FleetStats;
  /** No I/O: the outcome of the last sync, at most one interval old. */
  health(): FleetHealth;
  /** Resolves true once a sync succeeded (now shared), false after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Stops syncing and releases the connection it opened; calls go on with local state. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const SLOTS = 10;

type SyncCommands = { mcpgwFleetSync(...args: Array<string | number>): Promise<unknown> };

/**
 * Fleet-wide state through Redis: a retry budget counted across every process with the same prefix, and circuits
 * opened in one process opened in the others. Nothing here is on a call's path: calls read and count in memory, and
 * one Lua script per `syncIntervalMs` carries the counts to Redis and brings the fleet's back. When Redis is down or
 * slow, each process decides alone (the wrapped local budget, its own breaker) and says so.
 */
export function fleetState(options: FleetOptions = {}): FleetState {
  return new RedisFleetState(options);
}

class RedisFleetState implements FleetState {
  readonly circuits: FleetCircuits;
  readonly #client: Redis;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #name: string;
  readonly #id = randomUUID();
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #detach: Array<() => void> = [];
  readonly #waiters = new Set<() => void>();
  #budget: FleetRetryBudget | undefined;
  #reserve = 0;
  #slotMs = 1;
  #ratio = 0;
  #state: FleetMode = 'local';
  #announced = false;
  #members = 0;
  #syncs = 0;
  #syncErrors = 0;
  #lastSyncAt: number | undefined;
  #lastError: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #syncing = false;
  #again = false;
  #closed = false;

  constructor(options: FleetOptions) {
    const issues: ConfigIssue[] = optionIssues(
      fleetOptionSchema,
      options as Readonly<Record<string, unknown>>,
      'fleet',
    );
    const prefix = options.prefix ?? 'mcpgw:fleet';
    if (typeof prefix !== 'string' || !fleetPrefixPattern.test(prefix)) {
      issues.push({ path: 'fleet.prefix', message: 'must be 1..64 characters of [A-Za-z0-9_.:-]' });
    }
    const redis = options.redis ?? {};
    if (redis.client !== undefined && typeof redis.client?.defineCommand !== 'function') {
      issues.push({ path: 'fleet.redis.client', message: 'must be an ioredis client' });
    }
    if (redis.url !== undefined && (typeof redis.url !== 'string' || !/^rediss?:\/\/\S+$/.test(redis.url))) {
      issues.push({ path: 'fleet.redis.url', message: 'must be a redis:// or rediss:// URL' });
    }
    if (issues.length > 0) throw new ConfigError(issues);
    this.#prefix = prefix;
    this.#name = options.client ?? 'mcpgw';
    this.#intervalMs = options.syncIntervalMs ?? fleetOptionSchema.syncIntervalMs.default;
    this.#timeoutMs = options.commandTimeoutMs ?? fleetOptionSchema.commandTimeoutMs.default;
    this.circuits = new FleetCircuits(() => this.#syncSoon());

    this.#ownsClient = redis.client === undefined;
    this.#client = redis.client ?? new Redis(redis.url ?? DEFAULT_URL, redisConnectionPolicy(this.#timeoutMs));
    this.#client.defineCommand('mcpgwFleetSync', { numberOfKeys: 0, lua: syncScript });
    // A (re)connect is a reason to sync now rather than at the next tick; a lost connection means local at once.
    this.#watch('ready', () => this.#syncSoon());
    this.#watch('close', () => {
      if (this.#announced) this.#setState('local', 'connection to redis closed');
    });
    this.#watch('error', () => {});
    // The first sync waits for the first connection (its 'ready' starts it), so a process does not begin by
    // announcing a fall-back it never needed; a Redis that never answers is found out after the connect timeout.
    this.#schedule(this.#client.status === 'ready' ? 0 : Math.max(1_000, this.#timeoutMs * 4));
  }

  #watch(event: string, listener: (...args: never[]) => void): void {
    const l = listener as (...args: unknown[]) => void;
    this.#client.on(event, l);
    this.#detach.push(() => this.#client.off(event, l));
  }

  get state(): FleetMode {
    return this.#state;
  }

  retryBudget(local: WrappedRetryBudget): FleetRetryBudget {
    if (this.#budget !== undefined) {
      throw new ConfigError([
        { path: 'fleet', message: 'has a retry budget already: make one fleetState() per budget' },
      ]);
    }
    const { ratio, minPerSecond, windowMs } = local.settings;
    this.#ratio = ratio;
    this.#reserve = minPerSecond * (windowMs / 1000);
    this.#slotMs = Math.max(1, Math.floor(windowMs / SLOTS));
    this.#budget = new FleetRetryBudget(local, () => this.#state === 'shared');
    return this.#budget;
  }

  stats(): FleetStats {
    return {
      state: this.#state,
      members: this.#members,
      syncs: this.#syncs,
      syncErrors: this.#syncErrors,
      lastSyncAt: this.#lastSyncAt,
      lastError: this.#lastError,
      openUpstreams: this.circuits.openUpstreams(),
    };
  }

  health(): FleetHealth {
    if (this.#closed) return { ok: false, state: 'local', detail: 'closed' };
    if (this.#state === 'shared') return { ok: true, state: 'shared', detail: `${this.#members} processes` };
    return { ok: false, state: 'local', detail: this.#lastError ?? 'no sync with redis yet' };
  }

  ready(timeoutMs = 5_000): Promise<boolean> {
    if (this.#state === 'shared') return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(onShared);
        resolve(value);
      };
      const onShared = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      this.#waiters.add(onShared);
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#setState('local', 'closed');
    for (const detach of this.#detach.splice(0)) detach();
    if (this.#ownsClient) {
      // Errors after close (a socket closing) must not reach an 'error' event without a listener.
      this.#client.on('error', () => {});
      this.#client.disconnect();
    }
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    // Syncing never keeps a process alive: a caller's own calls do.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#sync();
    }, delayMs);
    this.#timer.unref();
  }

  /** A circuit opened here, or Redis is back: sync now, or right after the sync in flight. */
  #syncSoon(): void {
    if (this.#syncing) this.#again = true;
    else this.#schedule(0);
  }

  async #sync(): Promise<void> {
    if (this.#closed || this.#syncing) return;
    if (this.#client.status !== 'ready') {
      // Not connected: nothing is sent, so every count stays here for the first sync after the reconnect.
      this.#failed(new FleetSyncError('not connected to redis'));
      this.#schedule(this.#intervalMs);
      return;
    }
    this.#syncing = true;
    const budget = this.#budget;
    const delta: BudgetDelta | undefined = budget?.take();
    const opens = this.circuits.take();
    try {
      const raw = await withTimeout(
        (this.#client as unknown as SyncCommands).mcpgwFleetSync(
          this.#prefix,
          this.#id,
          Math.max(1_000, 4 * this.#intervalMs),
          delta === undefined ? 0 : 1,
          this.#slotMs,
          SLOTS,
          this.#reserve,
          this.#ratio,
          delta?.requests ?? 0,
          delta?.spent ?? 0,
          delta?.returned ?? 0,
          delta?.returnedSlot ?? 0,
          delta?.want ?? 0,
          MAX_SHARED_UPSTREAMS,
          ...opens,
        ),
        this.#timeoutMs,
      );
      const reply = readSyncReply(raw, MAX_SHARED_UPSTREAMS);
      if (this.#closed) return;
      this.#syncs++;
      this.#members = reply.members;
      this.#lastSyncAt = Date.now();
      budget?.synced(reply);
      this.circuits.synced(reply.open);
      this.#setState('shared');
    } catch (error) {
      // The script may have run even so (a timeout): its budget counts are dropped, never sent twice. Dropping them
      // can only make the fleet's available retries look smaller than they are (what was spent beyond the grant
      // was paid by those very requests), while sending them twice could hand out a retry twice. Opens are sent
      // again: holding a circuit open is idempotent.
      this.circuits.unsent(opens);
      this.#failed(error);
    } finally {
      this.#syncing = false;
      const again = this.#again;
      this.#again = false;
      this.#schedule(again ? 0 : this.#intervalMs);
    }
  }

  #failed(error: unknown): void {
    if (this.#closed) return;
    this.#syncErrors++;
    this.#lastError = FleetSyncError.from(error).message;
    this.#setState('local', this.#lastError);
  }

  #setState(state: FleetMode, reason?: string): void {
    if (this.#announced && state === this.#state) return;
    this.#announced = true;
    this.#state = state;
    if (state === 'shared') for (const wake of [...this.#waiters]) wake();
    if (!channels.fleet.hasSubscribers) return;
    const event: FleetStateEvent =
      reason === undefined
        ? { client: this.#name, fleet: this.#prefix, state }
        : { client: this.#name, fleet: this.#prefix, state, reason };
    channels.fleet.publish(event);
  }
}
