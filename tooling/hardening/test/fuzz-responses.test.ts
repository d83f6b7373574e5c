import { GatewayClient, GatewayError, type GatewayResponse, type Handler, ResponseFormatError } from '@mcpgw/core';
import { parseJsonSafely } from '@mcpgw/core/kit';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { createGatewayClient, type PresetGatewayClient } from '@mcpgw/preset';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FUZZ_SEED, fuzzRuns } from '../src/fuzz-settings.js';
import { mutateJson } from '../src/json-mutation.js';
import { bodyText, mutation, serverInfo, serverPage, toolPage } from './fuzz-arbitraries.js';

// The client's parsing of answers, fuzzed through GatewayClient over an in-process Handler that returns the fuzzed
// body as the transport would (parsed JSON). That reaches every schema and the pagination logic at a high rate; the
// bytes-on-the-wire part (transport JSON parsing, status handling) is fuzzed over loopback at the end.

function answering(body: () => unknown): Handler {
  return async (request): Promise<GatewayResponse> => ({
    status: 200,
    headers: {},
    body: body(),
    attempts: request.attempt,
    cache: undefined,
  });
}

/** Runs an operation and returns its value, or its error when it is a GatewayError; anything else fails the case. */
async function typedOutcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw new Error(`not a typed error: ${String(error)}`, { cause: error });
    return error;
  }
}

const options = (runs: number) => ({ numRuns: fuzzRuns(runs), seed: FUZZ_SEED });

describe('fuzzed gateway answers give a value or a typed error, never anything else', () => {
  const cases: Array<[string, fc.Arbitrary<unknown>, (client: GatewayClient) => Promise<unknown>]> = [
    ['listServers', serverPage, (c) => c.listServers({ offset: 3, limit: 4 })],
    ['getServer', serverInfo, (c) => c.getServer('postgres-mcp')],
    ['listTools', toolPage, (c) => c.listTools({ server: 'github-mcp', limit: 4 })],
    ['invokeTool', fc.dictionary(fc.string(), fc.jsonValue()), (c) => c.invokeTool({ server: 'a', tool: 'b' })],
    ['health', fc.record({ status: fc.string() }), (c) => c.health()],
  ];
  for (const [operation, valid, run] of cases) {
    test(`${operation}: random JSON and mutated valid answers (6 000 cases)`, async () => {
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.tuple(valid, mutation).map(([v, m]) => mutateJson(v, m)),
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const client = new GatewayClient({ baseUrl: 'http://gw.test', handler: answering(() => value) });
          const outcome = await typedOutcome(() => run(client));
          if (outcome instanceof GatewayError) expect(outcome).toBeInstanceOf(ResponseFormatError);
        }),
        options(6_000),
      );
    });
  }

  test('listAllServers over a gateway sending random near-valid pages ends, bounded (3 000 cases)', async () => {
    const pages = fc.array(fc.tuple(serverPage, fc.option(mutation, { nil: undefined })), {
      minLength: 1,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(pages, async (sequence) => {
        let call = 0;
        const handler = answering(() => {
          const [page, m] = sequence[call++ % sequence.length]!;
          return m === undefined ? page : mutateJson(page, m);
        });
        const client = new GatewayClient({
          baseUrl: 'http://gw.test',
          handler,
          pagination: { pageSize: 4, maxPages: 30, maxItems: 100 },
        });
        const outcome = await typedOutcome(() => client.listAllServers());
        // maxPages bounds the calls even with prefetching (a few pages may be in flight when the bound trips).
        expect(call).toBeLessThanOrEqual(30 + 4);
        if (Array.isArray(outcome)) expect(outcome.length).toBeLessThanOrEqual(100);
      }),
      options(3_000),
    );
  });
});

describe('parseJsonSafely', () => {
  test('random and spliced text: a value or a SyntaxError, never a polluted prototype (30 000 cases)', () => {
    fc.assert(
      fc.property(bodyText, (text) => {
        let value: unknown;
        try {
          value = parseJsonSafely(text);
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
          return;
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        const stack = [value];
        while (stack.length > 0) {
          const node = stack.pop();
          if (node === null || typeof node !== 'object') continue;
          expect(Object.hasOwn(node, '__proto__')).toBe(false);
          expect(Object.getPrototypeOf(node)).toBe(Array.isArray(node) ? Array.prototype : Object.prototype);
          stack.push(...Object.values(node));
        }
      }),
      options(30_000),
    );
  });

  test('poison keys, also written with \\u escapes, are dropped (5 000 cases)', () => {
    const poison = fc.constantFrom('"__proto__"', '"\\u005f_proto__"', '"__pro\\u0074o__"');
    fc.assert(
      fc.property(poison, fc.jsonValue({ maxDepth: 2 }), (key, inner) => {
        const text = `{"a":{${key}:{"polluted":true,"x":${JSON.stringify(inner)}}},${key}:{"polluted":1}}`;
        const value = parseJsonSafely(text) as Record<string, unknown>;
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((value.a as Record<string, unknown>).polluted).toBeUndefined();
        expect(value.polluted).toBeUndefined();
      }),
      options(5_000),
    );
  });
});

describe('over the wire: bytes and statuses from the simulator', () => {
  let sim: GatewaySim;
  let client: PresetGatewayClient;
  beforeAll(async () => {
    sim = await startGatewaySim({ maxRequestLog: 100 });
    client = createGatewayClient({
      baseUrl: sim.url,
      name: 'fuzz-wire',
      logger: false,
      metrics: false,
      tracing: false,
      retry: false,
      breaker: false,
      cache: false,
      timeouts: { attemptMs: 5_000, totalMs: 10_000 },
    });
  });
  afterAll(async () => {
    await client.close({ drainTimeoutMs: 1_000 });
    await sim.close();
  });

  test('any status and body text: a value or a typed error (400 cases)', async () => {
    const status = fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 599 }));
    await fc.assert(
      fc.asyncProperty(status, bodyText, fc.constantFrom('getServer', 'listServers'), async (code, text, route) => {
        sim.script(route, [{ status: code, body: text }]);
        await typedOutcome(() =>
          route === 'getServer' ? client.getServer('postgres-mcp') : client.listServers({ limit: 3 }),
        );
        expect(sim.pendingSteps(route)).toBe(0);
      }),
      options(400),
    );
  });
});
