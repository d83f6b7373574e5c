import { booleanOption, countOption, msOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `oauth()`'s numeric and boolean options; the preset's schema and docs read them. */
export const oauthOptionSchema = {
  // An authorization server that takes longer than a minute is down; a caller's deadline bounds it further.
  timeoutMs: msOption('Longest exchange with a metadata, registration or token endpoint.', 10_000, { max: 60_000 }),
  // Metadata and token answers are a few kB; a megabyte is a hostile or broken server.
  maxResponseBytes: countOption('bytes', 'Largest metadata, registration or token answer read.', 262_144, {
    min: 1_024,
    max: 1_048_576,
  }),
  discoveryTtlMs: msOption('How long discovered resource and server metadata are reused.', 300_000, {
    max: 86_400_000,
  }),
  // Covers clock skew between this host and the authorization server, and a request's time on the wire.
  refreshSkewMs: msOption('A token is refreshed this long before it expires.', 30_000, { min: 0, max: 600_000 }),
  dynamicRegistration: booleanOption('Register with Dynamic Client Registration when nothing else applies.', true),
} as const;
