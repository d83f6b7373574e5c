import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ChaosContext } from '../src/chaos-context.js';
import { TelemetryCapture } from '../src/telemetry-capture.js';
import { UnhandledRejections } from '../src/unhandled-rejections.js';
import { chaosScenarios } from './chaos-scenarios.js';

const unhandled = new UnhandledRejections();
beforeAll(() => unhandled.install());
afterAll(() => unhandled.uninstall());
afterEach(async () => {
  await unhandled.settle();
  expect(unhandled.reasons, 'no unhandled rejection').toEqual([]);
});

// One test per row of docs/gateway/chaos-matrix.md; matrix.test.ts checks that the two agree.
describe('chaos matrix', () => {
  for (const scenario of chaosScenarios) {
    // A row failing because of a known bug elsewhere runs as test.fails (see the scenario's knownBug).
    const register = scenario.knownBug === undefined ? test : test.fails;
    register(scenario.name, async () => {
      const ctx = new ChaosContext(new TelemetryCapture());
      try {
        await scenario.run(ctx);
      } catch (error) {
        await ctx.dispose();
        throw error;
      }
      await ctx.finish(scenario);
    });
  }
});
