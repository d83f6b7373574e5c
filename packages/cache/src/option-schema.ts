import { countOption, msOption } from '@mcpgw/core/kit';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES } from './memory-store.js';

/** Bounds, defaults and docs of `cache()`'s options; its own check, the preset's schema and docs read them. */
export const cacheOptionSchema = {
  ttlMs: msOption('How long an answer stays fresh; 0 keeps nothing.', 300_000, { min: 0 }),
  maxEntries: countOption('entries', 'Bound of the default memory store.', DEFAULT_MAX_ENTRIES, {
    min: 1,
    max: 100_000_000,
  }),
  // 1 TiB: far above any heap, low enough that a typo of a few digits is caught.
  maxBytes: countOption('bytes', 'Bound of the default memory store.', DEFAULT_MAX_BYTES, { min: 1, max: 2 ** 40 }),
  staleWhileRevalidateMs: msOption(
    'After expiry, serve the stale entry at once and refresh it in the background; 0 or false = off.',
    30_000,
    { min: 0, orOff: true },
  ),
  staleIfErrorMs: msOption(
    'After expiry, serve the stale entry when the gateway is unavailable; 0 or false = off.',
    300_000,
    { min: 0, orOff: true },
  ),
} as const;
