import { expect, it } from 'vitest';
import { scheduleTimeout } from '../src/resilience/timeout-queues.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('fires timeouts of one duration in order, skipping the cancelled ones', async () => {
  const fired: number[] = [];
  const cancels = [0, 1, 2, 3, 4].map((i) => scheduleTimeout(30, () => fired.push(i)));
  cancels[1]!();
  cancels[3]!();
  cancels[3]!(); // twice is harmless
  await sleep(120);
  expect(fired).toEqual([0, 2, 4]);
});

it('keeps separate durations apart and never fires early', async () => {
  const fired: string[] = [];
  const start = performance.now();
  const at: Record<string, number> = {};
  scheduleTimeout(60, () => {
    fired.push('long');
    at.long = performance.now() - start;
  });
  scheduleTimeout(10, () => {
    fired.push('short');
    at.short = performance.now() - start;
  });
  scheduleTimeout(30.5, () => fired.push('fraction'));
  await sleep(150);
  expect(fired).toEqual(['short', 'fraction', 'long']);
  expect(at.short).toBeGreaterThanOrEqual(9);
  expect(at.long).toBeGreaterThanOrEqual(59);
});

it('a cancelled head lets the next entry fire at its own time', async () => {
  const fired: number[] = [];
  const first = scheduleTimeout(40, () => fired.push(1));
  await sleep(15);
  scheduleTimeout(40, () => fired.push(2));
  first();
  await sleep(10);
  expect(fired).toEqual([]);
  await sleep(100);
  expect(fired).toEqual([2]);
});
