import { type BreakerState, channels } from '@mcpgw/core';

export interface OpaBreakerOptions {
  /** Consecutive OPA failures (unreachable, timeout, 5xx) that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through. Default 5000. */
  openMs?: number;
}

/**
 * A deliberately small breaker for the OPA upstream (consecutive failures → open for `openMs` → half-open, one
 * probe), so @mcpgw/opa needs no other middleware package. While open, decisions fail fast as `circuit-open`.
 */
export class OpaBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #client: string;
  readonly #upstream: string;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedUntil = 0;
  #probing = false;

  constructor(options: OpaBreakerOptions, client: string, upstream: string) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#openMs = options.openMs ?? 5_000;
    this.#client = client;
    this.#upstream = upstream;
  }

  get state(): BreakerState {
    return this.#state;
  }

  get nextAttemptAt(): number | undefined {
    return this.#state === 'open' ? this.#openedUntil : undefined;
  }

  /** Whether a call may go to OPA now. A true in half-open reserves the single probe. */
  tryAcquire(now = Date.now()): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (now < this.#openedUntil) return false;
      this.#moveTo('half-open', undefined);
    }
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  onSuccess(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#moveTo('closed', undefined);
  }

  onFailure(now = Date.now()): void {
    this.#probing = false;
    this.#failures++;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#failures >= this.#threshold)) {
      this.#openedUntil = now + this.#openMs;
      this.#moveTo('open', this.#openedUntil);
    }
  }

  /** A call that ended without telling anything about OPA's health (e.g. the caller aborted). */
  onNeutral(): void {
    this.#probing = false;
  }

  #moveTo(to: BreakerState, nextAttemptAt: number | undefined): void {
    const from = this.#state;
    this.#state = to;
    if (channels.breakerState.hasSubscribers) {
      channels.breakerState.publish({ client: this.#client, upstream: this.#upstream, from, to, nextAttemptAt });
    }
  }
}
