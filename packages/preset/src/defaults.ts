import type { OptionSpec } from '@mcpgw/core/kit';
import { isOptionSpec, presetOptionSpecs, type SpecTree } from './preset-option-specs.js';

/** The defaults of a spec tree, shaped as its options are; options without a fixed default are left out. */
type DefaultsOf<T> = {
  readonly [K in keyof T as T[K] extends OptionSpec
    ? T[K]['default'] extends undefined
      ? never
      : K
    : K]: T[K] extends OptionSpec ? T[K]['default'] : DefaultsOf<T[K]>;
};

function defaultsOf<T extends SpecTree>(tree: T): DefaultsOf<T> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(tree)) {
    if (!isOptionSpec(node)) out[key] = defaultsOf(node);
    else if (node.default !== undefined) out[key] = node.default;
  }
  return out as DefaultsOf<T>;
}

const fromSpecs = defaultsOf(presetOptionSpecs);
// The Redis store is off by default: its L1 defaults apply once `cache.redis` is given, so they are not cache defaults.
const { redis: _redisWhenOn, ...cacheDefaults } = fromSpecs.cache;
// The adaptive limit is off by default: its defaults apply once `limits.adaptive` is given.
const { adaptive: _adaptiveWhenOn, ...limitDefaults } = fromSpecs.limits;

/**
 * Production defaults of the preset: its layers' own (`presetOptionSpecs`), plus what only the preset has.
 * Timeouts stay below the usual 30 s of load balancers and well above a healthy gateway's latency; the pool and
 * limits bound memory and sockets per process.
 */
export const presetDefaults = {
  ...fromSpecs,
  cache: cacheDefaults,
  limits: limitDefaults,
  name: 'mcpgw',
  redis: { namespace: 'mcpgw' },
  // Off unless `fleet` is given; these apply then.
  fleet: { ...fromSpecs.fleet, prefix: 'mcpgw:fleet' },
  logging: { level: 'warn', ...fromSpecs.logging },
  health: { ...fromSpecs.health, saturation: 0.8 },
  drainTimeoutMs: 10_000,
  batchConcurrency: 8,
} as const;
