import { booleanOption, countOption, msOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `authorize()`'s options; the preset's schema and docs read them. */
export const authorizeOptionSchema = {
  // A decision on the call path: a minute is already far past what a caller waits.
  timeoutMs: msOption('Longest OPA round trip.', 250, { max: 60_000 }),
  failOpen: booleanOption('Let invokes through when OPA cannot answer (false: refuse them).', false),
} as const;

/** Bounds, defaults and docs of the OPA decision cache. */
export const decisionCacheOptionSchema = {
  ttlMs: msOption('How long a decision is reused; 0 keeps nothing.', 5_000, { min: 0 }),
  maxEntries: countOption('entries', 'Decisions kept.', 10_000, { min: 1, max: 10_000_000 }),
} as const;

/** Bounds, defaults and docs of the user-JWT verification (`jwt`). */
export const jwtOptionSchema = {
  // An hour of skew is a broken clock, not drift.
  clockToleranceSec: countOption('seconds', 'Clock skew allowed on exp and nbf.', 30, { min: 0, max: 3_600 }),
} as const;
