import type { BreakerState } from '../events.js';

/** Decides, from the outcomes of calls let through while closed, when a circuit opens. */
export interface TripRule {
  /** A call let through while closed succeeded (or got an answer that does not count as a failure). */
  success(): void;
  /** A call let through while closed failed; true opens the circuit. */
  failure(): boolean;
  /** The circuit closed after a good probe: count afresh. */
  reset(): void;
}

export interface CircuitOptions {
  readonly trip: TripRule;
  /** How long the circuit stays open before it lets probes through (half-open). */
  readonly openMs: number;
  /** Probes in flight at once while half-open; other calls are refused. Default 1. */
  readonly halfOpenMaxProbes?: number;
  /** Each change of state; `nextAttemptAt` (epoch ms) is set when opening. */
  readonly onChange?: (from: BreakerState, to: BreakerState, nextAttemptAt: number | undefined) => void;
}

/** What `admit()` returns when the call must fail fast. */
export const REFUSED = 0;
const CLOSED_TICKET = 1;

/**
 * One circuit's state machine: closed → (the trip rule says so) → open for `openMs` → half-open, where up to
 * `halfOpenMaxProbes` calls go through; a good probe closes it, a failed one reopens it. The one mechanism behind
 * `breaker()`, OPA's breaker and the Redis store's step-aside. No timers: half-open is reached when the clock is
 * read (`admit()` or `state`).
 *
 * `admit()` returns `REFUSED` or a ticket the caller hands back with the call's outcome. The ticket tells a probe
 * from a call let through while closed, and a probe of this half-open spell from one of an earlier spell, so an
 * outcome that arrives after the circuit moved on (a slow call from before it opened) changes nothing.
 */
export class Circuit {
  readonly #trip: TripRule;
  readonly #openMs: number;
  readonly #maxProbes: number;
  readonly #onChange: CircuitOptions['onChange'];
  #state: BreakerState = 'closed';
  #openUntil = 0;
  #probes = 0;
  // Tickets of probes are the number of the half-open spell, from 2 up (0 and 1 are taken).
  #spell = CLOSED_TICKET;

  constructor(options: CircuitOptions) {
    this.#trip = options.trip;
    this.#openMs = options.openMs;
    this.#maxProbes = options.halfOpenMaxProbes ?? 1;
    this.#onChange = options.onChange;
  }

  get state(): BreakerState {
    if (this.#state === 'open' && Date.now() >= this.#openUntil) this.#move('half-open');
    return this.#state;
  }

  /** Epoch ms of the first probe while open, else undefined. */
  get nextAttemptAt(): number | undefined {
    return this.#state === 'open' ? this.#openUntil : undefined;
  }

  /** `REFUSED`, or a ticket for `succeeded`/`failed`/`released`. Reads the clock only when not closed. */
  admit(): number {
    if (this.#state === 'closed') return CLOSED_TICKET;
    if (this.#state === 'open') {
      if (Date.now() < this.#openUntil) return REFUSED;
      this.#move('half-open');
    }
    if (this.#probes >= this.#maxProbes) return REFUSED;
    this.#probes++;
    return this.#spell;
  }

  succeeded(ticket: number): void {
    if (ticket === CLOSED_TICKET) {
      if (this.#state === 'closed') this.#trip.success();
    } else if (this.#isCurrentProbe(ticket)) {
      this.#trip.reset();
      this.#move('closed');
    }
  }

  failed(ticket: number): void {
    if (ticket === CLOSED_TICKET) {
      if (this.#state === 'closed' && this.#trip.failure()) this.#open();
    } else if (this.#isCurrentProbe(ticket)) {
      this.#open();
    }
  }

  /** The call ended without telling anything about the upstream (the caller gave up): a probe's slot is freed. */
  released(ticket: number): void {
    if (this.#isCurrentProbe(ticket)) this.#probes--;
  }

  /**
   * Open for `ms` from now on news from elsewhere (another process of a fleet opened its circuit for the same
   * upstream). An open circuit is only held longer, without an event; a half-open one drops its probes in flight (their
   * outcomes arrive with a stale ticket and change nothing).
   */
  holdOpen(ms: number): void {
    const until = Date.now() + ms;
    if (this.#state === 'open') {
      if (until > this.#openUntil) this.#openUntil = until;
      return;
    }
    this.#openUntil = until;
    this.#move('open');
  }

  /** Back to closed at once (the upstream is known to be back), counting afresh. */
  reset(): void {
    this.#trip.reset();
    if (this.#state !== 'closed') this.#move('closed');
  }

  #isCurrentProbe(ticket: number): boolean {
    return ticket === this.#spell && this.#state === 'half-open';
  }

  #open(): void {
    this.#openUntil = Date.now() + this.#openMs;
    this.#move('open');
  }

  #move(to: BreakerState): void {
    const from = this.#state;
    this.#state = to;
    if (to === 'half-open') {
      this.#spell++;
      this.#probes = 0;
    }
    this.#onChange?.(from, to, to === 'open' ? this.#openUntil : undefined);
  }
}
