import { breaker } from '@mcpgw/breaker';
import { cache } from '@mcpgw/cache';
import { ConfigError } from '@mcpgw/core';
import type { NumberOptionSpec } from '@mcpgw/core/kit';
import { authorize } from '@mcpgw/opa';
import { retry } from '@mcpgw/retry';
import { describe, expect, test } from 'vitest';
import { type CreateGatewayClientOptions, configFromEnv, createGatewayClient, presetDefaults } from '../src/index.js';
import { optionsSchema } from '../src/options-schema.js';
import { everySpec, presetOptionSpecs } from '../src/preset-option-specs.js';

function issuesOf(options: unknown): Record<string, string> {
  try {
    const client = createGatewayClient({ logger: false, ...(options as CreateGatewayClientOptions) });
    void client.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.path, i.message]));
  }
  return {};
}

/** `{ a: { b: value } }` from `['a', 'b']`. */
function at(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as never);
}

/** A value just outside a spec's range, on the given side. */
function beyond(spec: NumberOptionSpec, side: 'min' | 'max'): number {
  if (side === 'min') return spec.integer ? spec.min - 1 : spec.min - 0.5;
  return spec.belowMax === true ? spec.max : spec.integer ? spec.max + 1 : spec.max + 0.5;
}

const baseUrl = 'http://127.0.0.1:9';
const opaUrl = 'http://127.0.0.1:8181';

/** Preset options with one option set (OPA's with the URL it needs). */
function withOption(path: readonly string[], value: unknown): Record<string, unknown> {
  const options: Record<string, unknown> = { baseUrl, name: `bound-${path.join('-')}`, ...at(path, value) };
  if (path[0] === 'opa') options.opa = { url: opaUrl, ...(options.opa as object) };
  return options;
}

describe('one bound per option, the layer’s own', () => {
  test('the drift cases: errorThresholdPercentage 100 and maxAttempts 21..100, through the preset', async () => {
    // breaker() refuses 100 (a circuit opens above the threshold, so at 100 it never could): so does the preset.
    expect(() => breaker({ errorThresholdPercentage: 100 })).toThrow(ConfigError);
    expect(issuesOf({ baseUrl, breaker: { errorThresholdPercentage: 100 } })).toEqual({
      'breaker.errorThresholdPercentage': expect.stringMatching(/from 0 to below 100/),
    });
    expect(issuesOf({ baseUrl, name: 'bound-99', breaker: { errorThresholdPercentage: 99.5 } })).toEqual({});

    // retry() takes up to 100 attempts: so does the preset, which stopped at 20.
    retry({ maxAttempts: 100 });
    expect(() => retry({ maxAttempts: 101 })).toThrow(ConfigError);
    expect(issuesOf({ baseUrl, name: 'bound-100', retry: { maxAttempts: 100 } })).toEqual({});
    expect(issuesOf({ baseUrl, retry: { maxAttempts: 101 } })).toEqual({
      'retry.maxAttempts': expect.stringMatching(/at most 100/),
    });
    expect(configFromEnv({ MCPGW_BASE_URL: baseUrl, MCPGW_RETRY_MAX_ATTEMPTS: '100' }).retry).toEqual({
      maxAttempts: 100,
    });
    expect(() => configFromEnv({ MCPGW_BASE_URL: baseUrl, MCPGW_BREAKER_ERROR_THRESHOLD_PERCENTAGE: '100' })).toThrow(
      /MCPGW_BREAKER_ERROR_THRESHOLD_PERCENTAGE: .*below 100/,
    );
  });

  // Each layer's factory and the preset's schema agree at both ends of every range the layer checks itself.
  // Left out: retry's maxDelayMs and a baseDelayMs at its max, which retry() also checks against each other, and
  // retry.budget's ratio, which retryBudget() still takes above 1 (its check is not yet the schema's).
  const { maxDelayMs: _crossChecked, ...retrySpecs } = presetOptionSpecs.retry;
  const layers: Array<[string, Record<string, object>, (options: Record<string, number>) => unknown]> = [
    ['breaker', presetOptionSpecs.breaker, (o) => breaker(o).close()],
    ['retry', { maxAttempts: retrySpecs.maxAttempts, baseDelayMs: retrySpecs.baseDelayMs }, (o) => retry(o)],
    ['cache', presetOptionSpecs.cache, (o) => cache(o).close()],
    ['opa', { timeoutMs: presetOptionSpecs.opa.timeoutMs }, (o) => authorize({ url: opaUrl, ...o }).close()],
    [
      'opa.decisionCache',
      presetOptionSpecs.opa.decisionCache,
      (o) => authorize({ url: opaUrl, decisionCache: o }).close(),
    ],
  ];
  for (const [name, specs, make] of layers) {
    test(`${name}(): the layer and the preset accept each bound and refuse past it`, async () => {
      for (const [option, node] of Object.entries(specs)) {
        const spec = node as NumberOptionSpec;
        if (spec.kind !== 'number') continue;
        const path = [...name.split('.'), option];
        const highest = spec.belowMax === true ? undefined : spec.max;
        for (const ok of [spec.min, ...(name === 'retry' && option === 'baseDelayMs' ? [] : [highest])]) {
          if (ok === undefined) continue;
          make({ [option]: ok });
          expect(issuesOf(withOption(path, ok)), `${path.join('.')}: ${ok}`).toEqual({});
        }
        for (const bad of [beyond(spec, 'min'), beyond(spec, 'max')]) {
          expect(() => make({ [option]: bad }), `${name}({ ${option}: ${bad} })`).toThrow(ConfigError);
          expect(Object.keys(issuesOf(withOption(path, bad)))).toEqual([path.join('.')]);
        }
      }
    });
  }

  test('the schema checks every spec of the tree: its default passes, a value past its range is refused', () => {
    const specs = everySpec();
    expect(specs.length).toBeGreaterThan(40);
    for (const [path, spec] of specs) {
      const where = path.join('.');
      const base = { baseUrl, ...(path[0] === 'opa' ? { opa: { url: 'http://127.0.0.1:8181' } } : {}) };
      const withValue = (value: unknown) => {
        const options = structuredClone(base) as Record<string, unknown>;
        let node = options;
        for (const key of path.slice(0, -1)) {
          if (key === 'redis') node[key] = { url: 'redis://127.0.0.1:1', ...(node[key] as object) };
          node[key] = { ...(node[key] as object) };
          node = node[key] as Record<string, unknown>;
        }
        node[path[path.length - 1] as string] = value;
        return optionsSchema.safeParse(options);
      };
      if (spec.default !== undefined) expect(withValue(spec.default).success, `${where} = default`).toBe(true);
      if (spec.kind === 'boolean') {
        expect(withValue('yes').success, `${where} = 'yes'`).toBe(false);
        continue;
      }
      expect(withValue(beyond(spec, 'min')).success, `${where} below min`).toBe(false);
      expect(withValue(beyond(spec, 'max')).success, `${where} past max`).toBe(false);
      expect(withValue(false).success, `${where} = false`).toBe(spec.orOff === true);
    }
  });

  test('presetDefaults is read from the same specs', () => {
    expect(presetDefaults.retry.maxAttempts).toBe(presetOptionSpecs.retry.maxAttempts.default);
    expect(presetDefaults.breaker).toEqual({
      errorThresholdPercentage: 50,
      volumeThreshold: 20,
      resetTimeoutMs: 10_000,
    });
    expect(presetDefaults.timeouts).toEqual({ attemptMs: 5_000, totalMs: 15_000, connectMs: 2_000 });
    expect(presetDefaults.cache).toEqual({
      ttlMs: 300_000,
      maxEntries: 10_000,
      maxBytes: 50 * 1024 * 1024,
      staleWhileRevalidateMs: 30_000,
      staleIfErrorMs: 300_000,
    });
  });
});
