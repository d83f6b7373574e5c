import type { ErrorContext } from '../errors/gateway-error.js';
import { TimeoutError, type TimeoutPhase } from '../errors/timeout-error.js';

/** How long one attempt may run, and which clock ends it: its own timeout, or the call's deadline. */
export interface AttemptBound {
  readonly ms: number;
  readonly phase: Extract<TimeoutPhase, 'attempt' | 'deadline'>;
  /** The timeout a `TimeoutError` of this bound names: the attempt timeout, or the deadline's overall timeout. */
  readonly timeoutMs: number;
}

/**
 * When a call must be over: the one time model every layer reads. `at` is on the `performance.now()` clock (which
 * never jumps with the wall clock); `timeoutMs` is the overall timeout it was set from, which a deadline
 * `TimeoutError` names. It is plain data: a request carries it unchanged through every layer and attempt, and a
 * layer that waits bounds its wait by `remainingMs()` instead of computing "time left" on its own.
 */
export class Deadline {
  readonly at: number;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, at: number = performance.now() + timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.at = at;
  }

  /** A deadline `timeoutMs` from now. */
  static after(timeoutMs: number): Deadline {
    return new Deadline(timeoutMs);
  }

  /** What is left, in ms; zero or less once it passed. */
  remainingMs(now: number = performance.now()): number {
    return this.at - now;
  }

  expired(now: number = performance.now()): boolean {
    return this.at <= now;
  }

  /** The earlier of this deadline and one `timeoutMs` from now. */
  within(timeoutMs: number, now: number = performance.now()): Deadline {
    return now + timeoutMs < this.at ? new Deadline(timeoutMs, now + timeoutMs) : this;
  }

  /** The error a call ends with when this deadline passes. */
  error(context: ErrorContext): TimeoutError {
    return new TimeoutError('deadline', this.timeoutMs, context);
  }
}

/**
 * The bound of one attempt, the single place it is computed (the transport's `attemptTimeoutMs` and the
 * `attemptTimeout()` layer both read it): `attemptMs`, or what is left of the deadline when that comes first.
 * Undefined when neither bounds the attempt.
 */
export function attemptBound(
  attemptMs: number | undefined,
  deadline: Deadline | undefined,
  now: number = performance.now(),
): AttemptBound | undefined {
  if (deadline !== undefined) {
    const remaining = deadline.remainingMs(now);
    if (attemptMs === undefined || remaining < attemptMs) {
      return { ms: Math.max(0, remaining), phase: 'deadline', timeoutMs: deadline.timeoutMs };
    }
  }
  if (attemptMs === undefined) return undefined;
  return { ms: attemptMs, phase: 'attempt', timeoutMs: attemptMs };
}
