import { Histogram, Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { HotCounter, HotGauge, HotHistogram } from '../src/hot-instruments.js';

it('a hot histogram renders exactly what prom-client renders for the same observations', async () => {
  const bounds = [0.001, 0.01, 0.1, 1];
  const observations = [0.0005, 0.001, 0.002, 0.05, 0.05, 0.5, 3, 0.01];
  const ours = new Registry();
  const theirs = new Registry();
  const hot = new HotHistogram('x_seconds', 'help', ['operation'], bounds, ours);
  const reference = new Histogram({
    name: 'x_seconds',
    help: 'help',
    labelNames: ['operation'],
    buckets: bounds,
    registers: [theirs],
  });
  for (const value of observations) {
    hot.observe(hot.sample('a'), value);
    reference.observe({ operation: 'a' }, value);
  }
  hot.observe(hot.sample('b'), 0.2);
  reference.observe({ operation: 'b' }, 0.2);
  expect(await ours.metrics()).toBe(await theirs.metrics());
});

it('counters and gauges keep one sample per label set and reset on demand', async () => {
  const registry = new Registry();
  const counter = new HotCounter('c_total', 'help', ['a', 'b'], registry);
  const gauge = new HotGauge('g', 'help', ['a'], registry);
  counter.sample('x', 'y').value++;
  counter.sample('x', 'y').value++;
  counter.sample('x', 'z').value++;
  gauge.sample('x').value++;
  gauge.sample('x').value--;
  const text = await registry.metrics();
  expect(text).toContain('c_total{a="x",b="y"} 2');
  expect(text).toContain('c_total{a="x",b="z"} 1');
  expect(text).toContain('g{a="x"} 0');
  registry.resetMetrics();
  expect(await registry.metrics()).not.toContain('c_total{');
});
