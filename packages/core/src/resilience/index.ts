export { SharedAbortController, whenAborted } from './abort-listeners.js';
export { errorForAbort } from './abort-reason.js';
export { type AttemptTimeoutOptions, attemptTimeout } from './attempt-timeout.js';
export { boundedWait, type WaitBounds } from './bounded-wait.js';
export { type AttemptBound, attemptBound, Deadline } from './call-deadline.js';
export {
  type ConcurrencyLimit,
  type ConcurrencyLimitOptions,
  type ConcurrencyStats,
  concurrencyLimit,
} from './concurrency-limit.js';
export { type DeadlineOptions, deadline } from './deadline.js';
export { markSettlesAtAbort, settlesAtAbort } from './settles-at-abort.js';
export { isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';
