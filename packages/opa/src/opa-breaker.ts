import { AuthorizationUnavailableError, channels } from '@mcpgw/core';
import { Circuit, consecutiveFailures, REFUSED } from '@mcpgw/core/kit';

export interface OpaBreakerOptions {
  /** Consecutive OPA failures (unreachable, timeout, 5xx) that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through. Default 5000. */
  openMs?: number;
}

// What tells of OPA's health; a deny, a bad answer or an abort does not.
const failureReasons = new Set(['unreachable', 'timeout', 'http-status']);

/**
 * The OPA upstream's breaker: core's `Circuit` opened by consecutive failures, one probe when half-open. While open,
 * decisions fail fast as `circuit-open`. Its events name the client whose call moved it (one `authorize()` may serve
 * any client), so each client's logs and metrics see its OPA circuit.
 */
export class OpaBreaker {
  readonly #circuit: Circuit;
  #client = '';

  constructor(options: OpaBreakerOptions, upstream: string) {
    this.#circuit = new Circuit({
      trip: consecutiveFailures(options.failureThreshold ?? 5),
      openMs: options.openMs ?? 5_000,
      onChange: (from, to, nextAttemptAt) => {
        if (!channels.breakerState.hasSubscribers) return;
        channels.breakerState.publish({ client: this.#client, upstream, from, to, nextAttemptAt });
      },
    });
  }

  get state() {
    return this.#circuit.state;
  }

  get nextAttemptAt(): number | undefined {
    return this.#circuit.nextAttemptAt;
  }

  /** A ticket for `settle()`, or undefined when the call must fail fast. */
  admit(client: string): number | undefined {
    this.#client = client;
    const ticket = this.#circuit.admit();
    return ticket === REFUSED ? undefined : ticket;
  }

  /** The OPA call's outcome: `error` undefined when OPA answered. */
  settle(client: string, ticket: number, error?: unknown): void {
    this.#client = client;
    if (error === undefined) this.#circuit.succeeded(ticket);
    else if (error instanceof AuthorizationUnavailableError && failureReasons.has(error.reason)) {
      this.#circuit.failed(ticket);
    } else this.#circuit.released(ticket);
  }
}
