// Per-call cost of a closed circuit: breaker() against the bare handler, and opossum's fire() (what breaker() ran
// on before) when opossum is installed. Bounded: ROUNDS alternating rounds of CALLS awaited calls per case.
// Run: node --conditions=@mcpgw/source --import tsx packages/breaker/bench/pass-through.bench.ts
import { buildRequest, type GatewayRequest, type GatewayResponse, type Handler } from '@mcpgw/core';
import { breaker } from '../src/index.js';

const CALLS = 500_000;
const ROUNDS = 7;

const response: GatewayResponse = { status: 200, headers: {}, body: null, attempts: 1, cache: undefined };
const inner: Handler = async () => response;
const request = buildRequest({ origin: 'http://gw', path: '/health', idempotent: true });

type Case = { name: string; call: (r: GatewayRequest) => Promise<unknown>; close?: () => void };
const cases: Case[] = [{ name: 'bare handler', call: inner }];

const layer = breaker();
cases.push({ name: 'breaker() closed', call: layer(inner), close: () => layer.close() });

// opossum is no longer a dependency: the case runs only where it resolves (e.g. after `pnpm add -D opossum@10`).
type Opossum = { fire(next: Handler, r: GatewayRequest): Promise<unknown>; shutdown(): void };
const opossumName = 'opossum';
try {
  const { default: CircuitBreaker } = (await import(opossumName)) as {
    default: new (action: (next: Handler, r: GatewayRequest) => Promise<unknown>, options: object) => Opossum;
  };
  const opossum = new CircuitBreaker((next: Handler, r: GatewayRequest) => next(r), {
    timeout: false,
    enableSnapshots: false,
    rollingPercentilesEnabled: false,
    errorFilter: () => false,
  });
  cases.push({ name: 'opossum fire() closed', call: (r) => opossum.fire(inner, r), close: () => opossum.shutdown() });
} catch {
  console.log('opossum is not installed: its case is left out');
}

async function round(c: Case): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await c.call(request);
  return Number(process.hrtime.bigint() - start) / CALLS;
}

const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (const c of cases) await round(c); // warm-up
for (let r = 0; r < ROUNDS; r++) for (const c of cases) samples.get(c.name)?.push(await round(c));
// The minimum is the round least disturbed by other work on the machine; the median shows how much that was.
const min = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const of = (name: string) => samples.get(name) ?? [];
const bare = of('bare handler');
console.log(`Node ${process.version}, ${ROUNDS} rounds x ${CALLS} calls each, ns/call`);
console.table(
  cases.map((c) => ({
    case: c.name,
    'min ns/call': min(of(c.name)).toFixed(0),
    'added (min)': (min(of(c.name)) - min(bare)).toFixed(0),
    'median ns/call': median(of(c.name)).toFixed(0),
    'added (median)': (median(of(c.name)) - median(bare)).toFixed(0),
  })),
);
for (const c of cases) c.close?.();
