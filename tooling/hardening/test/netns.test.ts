import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ConnectError, GatewayError, TimeoutError } from '@mcpgw/core';
import { createGatewayClient, type PresetGatewayClient } from '@mcpgw/preset';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { NetworkNamespace, networkFaultSkipReason } from '../src/network-namespace.js';

// Real network faults: gateway-sim runs inside a network namespace behind a veth pair (a private /30 of this test's
// own), nftables inside the namespace drops packets or answers SYNs with RST, and tc tbf caps the bandwidth.
// Where the machine does not allow it, every test is reported as skipped with the reason in its title.

const skip = networkFaultSkipReason();
if (skip !== undefined) console.warn(`netns: real network fault tests skipped: ${skip}`);
const title = (name: string) => (skip === undefined ? name : `${name} (skipped: ${skip})`);
const root = fileURLToPath(new URL('../../..', import.meta.url));

let ns: NetworkNamespace | undefined;
let simUrl = '';
let port = 0;

// Each admin call opens a connection of its own (no keep-alive socket left over from a fault window), and plain HTTP
// does not retry: the test makes these calls only while no fault is set.
function admin<T>(path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = httpRequest(
      `${simUrl}/__admin/${path}`,
      {
        method: payload === undefined ? 'GET' : 'POST',
        agent: false,
        timeout: 10_000,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`admin ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function client(overrides: Parameters<typeof createGatewayClient>[0] extends infer O ? Partial<O> : never = {}) {
  const c: PresetGatewayClient = createGatewayClient({
    baseUrl: simUrl,
    name: `netns-${Math.random().toString(36).slice(2, 8)}`,
    logger: false,
    cache: false,
    breaker: false,
    timeouts: { attemptMs: 3_000, totalMs: 30_000, connectMs: 3_000 },
    retry: { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 500, budget: false },
    ...overrides,
    protocol: 'rest',
  });
  onTestFinished(() => c.close({ drainTimeoutMs: 1_000 }));
  return c;
}

async function ranTwice(): Promise<string[]> {
  const invocations =
    await admin<Array<{ requestId?: string; idempotencyKey?: string; executed: boolean }>>('invocations');
  const runs = new Map<string, number>();
  for (const i of invocations) {
    if (!i.executed) continue;
    const key = i.idempotencyKey ?? `request ${i.requestId}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }
  return [...runs].filter(([, n]) => n > 1).map(([key]) => key);
}

describe.skipIf(skip !== undefined)('real network faults in a network namespace', () => {
  beforeAll(async () => {
    ns = new NetworkNamespace();
    try {
      ns.create();
      simUrl = await ns.startGatewaySim(root, ['--servers', '1000', '--no-user-token']);
      port = Number(new URL(simUrl).port);
    } catch (error) {
      await ns.destroy();
      throw error;
    }
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  });

  test(title('baseline: the simulator answers over the veth pair'), async () => {
    const c = client();
    expect((await c.listServers({ limit: 3 })).items).toHaveLength(3);
  });

  test(title('20 % packet loss: reads and keyed invokes succeed with retries, no invoke runs twice'), async () => {
    await admin('reset', {});
    ns!.setNftRules(`table inet chaos {
  chain input {
    type filter hook input priority 0; policy accept;
    numgen random mod 100 < 20 drop
  }
  chain output {
    type filter hook output priority 0; policy accept;
    numgen random mod 100 < 20 drop
  }
}
`);
    onTestFinished(() => ns!.setNftRules(undefined));
    const c = client();
    for (let i = 0; i < 10; i++) {
      expect((await c.listServers({ offset: i, limit: 5 })).items).toHaveLength(5);
      const result = await c.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', idempotencyKey: `loss-${i}` });
      expect(result.status).toBe('success');
    }
    // Without a key an invoke may fail, but only with a typed error, and never runs twice.
    for (let i = 0; i < 6; i++) {
      await c.invokeTool({ server: 'github-mcp', tool: 'list_repos' }).catch((error: unknown) => {
        expect(error).toBeInstanceOf(GatewayError);
      });
    }
    ns!.setNftRules(undefined);
    expect(await ranTwice()).toEqual([]);
  });

  test(
    title('SYNs answered with RST: ConnectError that never reached the gateway, invoke retried, never ran'),
    async () => {
      await admin('reset', {});
      ns!.setNftRules(`table inet chaos {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport ${port} tcp flags & (syn | ack) == syn reject with tcp reset
  }
}
`);
      onTestFinished(() => ns!.setNftRules(undefined));
      const c = client({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, budget: false } });
      const error = await c.invokeTool({ server: 'postgres-mcp', tool: 'list_tables' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).mayHaveReachedServer).toBe(false);
      expect((error as ConnectError).attempts).toBe(3);
      ns!.setNftRules(undefined);
      const counts = await admin<{ invoke: number }>('counts');
      expect(counts.invoke).toBe(0);
    },
  );

  test(
    title('1 mbit/s bandwidth (tc tbf): a large page times out typed per attempt, and arrives with time'),
    async () => {
      ns!.setBandwidth(['rate', '1mbit', 'burst', '32kbit', 'latency', '400ms']);
      onTestFinished(() => ns!.setBandwidth(undefined));
      const tight = client({ retry: false, timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 3_000 } });
      const error = await tight.listServers({ limit: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      const patient = client({ timeouts: { attemptMs: 60_000, totalMs: 60_000, connectMs: 3_000 } });
      expect((await patient.listServers({ limit: 1000 })).items).toHaveLength(1000);
    },
  );
});
