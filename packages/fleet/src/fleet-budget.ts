import type { SyncReply } from './sync-reply.js';

/**
 * The budget a fleet budget wraps and falls back to: `retryBudget()` of `@mcpgw/retry`. Written out here because
 * this package depends on core only; `retryBudget()`'s `LocalRetryBudget` fits it.
 */
export interface WrappedRetryBudget {
  recordRequest(): void;
  tryWithdraw(): boolean;
  /** Counts a retry this budget allowed, so the wrapped window knows it when it has to decide alone. */
  recordRetry(): void;
  stats(): { readonly requests: number; readonly retries: number; readonly available: number };
  readonly settings: { readonly ratio: number; readonly minPerSecond: number; readonly windowMs: number };
}

export interface FleetRetryBudgetStats {
  /** Requests in the window: the fleet's while shared, this process's while local. */
  readonly requests: number;
  /** Retries in the window, the same way (while shared, grants handed out and not yet spent count as spent). */
  readonly retries: number;
  /** Retries this process may spend now. */
  readonly available: number;
  /** Retries refused since the budget was created. */
  readonly exhausted: number;
  readonly state: 'shared' | 'local';
}

/** The counts one sync carries to Redis. */
export interface BudgetDelta {
  readonly requests: number;
  readonly spent: number;
  /** Retries of the last grant given back (the script books them off the slot they were booked in). */
  readonly returned: number;
  readonly returnedSlot: number;
  readonly want: number;
}

/**
 * A retry budget counted across a fleet, with the arithmetic of `retryBudget()` (`reserve + ratio × requests` over a
 * sliding window) applied to the fleet's totals. Every method is synchronous: this process counts in memory and a
 * sync (`fleetState()`'s loop) flushes the counts to Redis, where one script hands out a grant of retries from what
 * the fleet has left. While shared, a retry is allowed when the grant of the last sync plus `ratio` of the requests
 * made since covers it, so no two processes can spend the same retry; while local, the wrapped budget decides.
 */
export class FleetRetryBudget {
  readonly #local: WrappedRetryBudget;
  readonly #isShared: () => boolean;
  readonly #ratio: number;
  // Since the last sync was sent:
  #requests = 0;
  #spent = 0;
  #demand = 0;
  // The grant of the last good sync: how much of it may be spent, and what is booked in Redis (and where).
  #usable = 0;
  #booked = 0;
  #bookedSlot = 0;
  #exhausted = 0;
  #fleetRequests = 0;
  #fleetRetries = 0;

  constructor(local: WrappedRetryBudget, isShared: () => boolean) {
    this.#local = local;
    this.#isShared = isShared;
    this.#ratio = local.settings.ratio;
  }

  get settings(): WrappedRetryBudget['settings'] {
    return this.#local.settings;
  }

  recordRequest(): void {
    this.#requests++;
    this.#local.recordRequest();
  }

  tryWithdraw(): boolean {
    this.#demand++;
    if (!this.#isShared()) {
      if (!this.#local.tryWithdraw()) return this.#refuse();
      this.#spent++;
      return true;
    }
    if (this.#spent >= this.#usable + Math.floor(this.#ratio * this.#requests)) return this.#refuse();
    this.#spent++;
    this.#local.recordRetry();
    return true;
  }

  stats(): FleetRetryBudgetStats {
    if (!this.#isShared()) return { ...this.#local.stats(), exhausted: this.#exhausted, state: 'local' };
    return {
      requests: this.#fleetRequests + this.#requests,
      retries: this.#fleetRetries + this.#spent,
      available: Math.max(0, this.#usable + Math.floor(this.#ratio * this.#requests) - this.#spent),
      exhausted: this.#exhausted,
      state: 'shared',
    };
  }

  /** The counts for a sync: from here on they are Redis's (a failed sync drops them; see `fleetState()`). */
  take(): BudgetDelta {
    // Asking for twice the last interval's demand lets a busy process ramp up in a few syncs, while a quiet one
    // holds at most one retry that others cannot spend.
    const delta: BudgetDelta = {
      requests: this.#requests,
      spent: this.#spent,
      returned: this.#booked,
      returnedSlot: this.#bookedSlot,
      want: Math.max(1, 2 * this.#demand),
    };
    this.#requests = 0;
    this.#spent = 0;
    this.#demand = 0;
    this.#usable = 0;
    this.#booked = 0;
    return delta;
  }

  synced(reply: SyncReply): void {
    this.#usable = reply.grant;
    this.#booked = reply.grant;
    this.#bookedSlot = reply.grantSlot;
    this.#fleetRequests = reply.requests;
    this.#fleetRetries = reply.retries - reply.grant;
  }

  #refuse(): false {
    this.#exhausted++;
    return false;
  }
}
