import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory, type ListChangedEvent } from '@mcpgw/mcp';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { createGatewayClient, type PresetMcpClient, type PresetMcpOptions } from '../src/index.js';

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0 });
});
afterEach(() => {
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await sim.close();
});

type Era = '2025-11-25' | '2026-07-28';
let namespaces = 0;

function client(era: Era, cache: Record<string, unknown> = {}, mcp: PresetMcpOptions = {}) {
  return createGatewayClient({
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    logger: false,
    metrics: false,
    cache,
    mcp: { protocolVersion: era, ...mcp },
  });
}

const lists = () => sim.mcp.counts['tools/list'] ?? 0;

function nextListChanged(c: PresetMcpClient): Promise<ListChangedEvent> {
  return new Promise((resolve) => c.on('listChanged', resolve));
}

/** Lists until the gateway sees a new tools/list (an invalidation in flight lands), at most 100 times. */
async function listUntilFetched(c: PresetMcpClient, before: number): Promise<number> {
  for (let i = 0; i < 100 && lists() === before; i++) {
    await c.listTools();
    if (lists() === before) await new Promise((r) => setTimeout(r, 20));
  }
  return lists();
}

describe('MCP listings are cached per credential scope', () => {
  for (const era of ['2025-11-25', '2026-07-28'] as const) {
    test(`${era}: a second tools/list, resources/list and prompts/list is a hit; another user is not`, async () => {
      sim.mcp.setCacheHints({ ttlMs: 60_000, cacheScope: 'private' });
      await using c = client(era);
      const first = await c.listTools({ user: { id: 'alice' } });
      const again = await c.listTools({ user: { id: 'alice' } });
      expect(again.items.map((t) => t.name)).toEqual(first.items.map((t) => t.name));
      expect(lists()).toBe(1);
      await c.listTools({ user: { id: 'bob' } });
      expect(lists()).toBe(2);
      // Another page is another question.
      await c.listTools({ user: { id: 'alice' }, cursor: first.nextCursor! });
      expect(lists()).toBe(3);
      await c.listResources();
      await c.listResources();
      await c.listPrompts();
      await c.listPrompts();
      const templates = await c.listResourceTemplates();
      expect(templates.items.map((t) => t.uriTemplate)).toContain('sim://items/{id}');
      await c.listResourceTemplates();
      expect(sim.mcp.counts['resources/list']).toBe(1);
      expect(sim.mcp.counts['prompts/list']).toBe(1);
      expect(sim.mcp.counts['resources/templates/list']).toBe(1);
      expect(c.stats().cache?.hits).toBeGreaterThanOrEqual(3);
    });

    test(`${era}: tools/call results are never cached`, async () => {
      await using c = client(era);
      await c.invokeTool({ tool: 'echo', parameters: { message: 'm' } });
      await c.invokeTool({ tool: 'echo', parameters: { message: 'm' } });
      expect(sim.mcp.executions('echo')).toBe(2);
    });
  }

  for (const era of ['2025-11-25', '2026-07-28'] as const) {
    test(`${era}: tools/call results are cached only for a trusted read-only closed-world tool, opted in`, async () => {
      const calls = () => sim.mcp.counts['tools/call'] ?? 0;
      const echo = { tool: 'echo', parameters: { message: 'm' } };
      {
        await using optedIn = client(era, {}, { trustToolAnnotations: true, cacheToolResults: true });
        await optedIn.invokeTool(echo);
        await optedIn.invokeTool(echo);
        expect(sim.mcp.executions('echo')).toBe(1);
        await optedIn.invokeTool({ tool: 'echo', parameters: { message: 'other' } });
        expect(sim.mcp.executions('echo')).toBe(2);
        // A tool's own failure (isError) is never kept; a destructive tool never cached.
        const before = calls();
        await optedIn.invokeTool({ tool: 'fail' });
        await optedIn.invokeTool({ tool: 'fail' });
        await optedIn.invokeTool({ tool: 'delete_record', parameters: { id: 'r' } });
        await optedIn.invokeTool({ tool: 'delete_record', parameters: { id: 'r' } });
        expect(calls() - before).toBe(4);
      }
      sim.reset();
      {
        await using untrusted = client(era, {}, { cacheToolResults: true });
        await untrusted.invokeTool(echo);
        await untrusted.invokeTool(echo);
        expect(sim.mcp.executions('echo')).toBe(2);
      }
      sim.reset();
      {
        await using notOptedIn = client(era, {}, { trustToolAnnotations: true });
        await notOptedIn.invokeTool(echo);
        await notOptedIn.invokeTool(echo);
        expect(sim.mcp.executions('echo')).toBe(2);
      }
    });
  }

  test("2026-07-28: the server's ttlMs: 0 keeps nothing, even with our TTL on", async () => {
    sim.mcp.setCacheHints({ ttlMs: 0, cacheScope: 'public' });
    await using c = client('2026-07-28', { ttlMs: 600_000 });
    await c.listTools();
    await c.listTools();
    expect(lists()).toBe(2);
  });

  test("2026-07-28: our ttlMs 0 turns caching off, whatever the server's ttlMs", async () => {
    sim.mcp.setCacheHints({ ttlMs: 60_000 });
    await using c = client('2026-07-28', { ttlMs: 0 });
    await c.listTools();
    await c.listTools();
    expect(lists()).toBe(2);
  });

  test("2026-07-28: past the server's ttlMs the next listing waits for a fresh one; past ours, the stale one answers", async () => {
    const windows = { ttlMs: 40, staleWhileRevalidateMs: 60_000 };
    const pause = () => new Promise((r) => setTimeout(r, 80));
    sim.mcp.setTools(3);
    sim.mcp.setCacheHints({ ttlMs: 40, cacheScope: 'private' });
    await using modern = client('2026-07-28', { ...windows, ttlMs: 600_000 });
    const before = (await modern.listTools()).items.length;
    sim.mcp.setTools(5);
    await pause();
    expect((await modern.listTools()).items).toHaveLength(before + 2);
    expect(lists()).toBe(2);

    // The 2025 era states no TTL: ours applies, and its stale-while-revalidate window answers with the old listing.
    sim.mcp.setTools(3);
    await using legacy = client('2025-11-25', windows);
    const listed = (await legacy.listTools()).items.length;
    sim.mcp.setTools(5);
    await pause();
    expect((await legacy.listTools()).items).toHaveLength(listed);
  });

  test("2026-07-28: past the server's ttlMs, a failing re-fetch is still answered by stale-if-error", async () => {
    sim.mcp.setCacheHints({ ttlMs: 40, cacheScope: 'private' });
    await using c = createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      metrics: false,
      retry: false,
      breaker: false,
      cache: { ttlMs: 600_000, staleWhileRevalidateMs: 60_000, staleIfErrorMs: 60_000 },
      mcp: { protocolVersion: '2026-07-28' },
    });
    const first = await c.listTools();
    await new Promise((r) => setTimeout(r, 80));
    sim.mcp.script('tools/list', [{ status: 503 }]);
    const again = await c.listTools();
    expect(again.items.map((t) => t.name)).toEqual(first.items.map((t) => t.name));
    expect(sim.mcp.pendingSteps('tools/list')).toBe(0);
  });

  test('2025-11-25 (no hints): our TTL applies', async () => {
    await using c = client('2025-11-25', { ttlMs: 600_000 });
    await c.listTools();
    await c.listTools();
    expect(lists()).toBe(1);
  });
});

describe('notifications/*/list_changed invalidates what it names', () => {
  for (const era of ['2025-11-25', '2026-07-28'] as const) {
    test(`${era}: tools/list_changed drops the tool listing, not the prompt listing`, async () => {
      sim.mcp.setCacheHints({ ttlMs: 60_000 });
      await using c = client(era);
      await c.listTools();
      await c.listPrompts();
      const changed = nextListChanged(c);
      // The listener opened the stream the notification comes on; wait until the server has it.
      for (let i = 0; i < 100 && sim.mcp.notifyListChanged('tools') === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await changed).kind).toBe('tools');
      expect(await listUntilFetched(c, 1)).toBe(2);
      await c.listPrompts();
      expect(sim.mcp.counts['prompts/list']).toBe(1);
    });

    test(`${era}: resources/list_changed drops the resource and template listings`, async () => {
      sim.mcp.setCacheHints({ ttlMs: 60_000 });
      await using c = client(era);
      await c.listResources();
      await c.listResourceTemplates();
      const changed = nextListChanged(c);
      for (let i = 0; i < 100 && sim.mcp.notifyListChanged('resources') === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await changed).kind).toBe('resources');
      const templates = () => sim.mcp.counts['resources/templates/list'] ?? 0;
      for (let i = 0; i < 100 && templates() === 1; i++) {
        await c.listResourceTemplates();
        if (templates() === 1) await new Promise((r) => setTimeout(r, 20));
      }
      expect(templates()).toBe(2);
      await c.listResources();
      expect(sim.mcp.counts['resources/list']).toBe(2);
    });
  }

  for (const l1 of [false, { maxEntries: 100, ttlMs: 60_000 }] as const) {
    test(`across processes${l1 === false ? '' : ' (with an in-process L1)'}: one client hears list_changed, another sharing the Redis store refetches`, async () => {
      sim.mcp.setCacheHints({ ttlMs: 60_000 });
      const namespace = `mcp-cache-${process.pid}-${namespaces++}`;
      const redis = { url: inject('redisUrl'), namespace, l1 };
      await using listener = client('2026-07-28', { redis });
      await using other = client('2026-07-28', { redis });
      await listener.listTools();
      await other.listTools();
      expect(lists()).toBe(1);
      const changed = nextListChanged(listener);
      for (let i = 0; i < 100 && sim.mcp.notifyListChanged('tools') === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await changed;
      expect(await listUntilFetched(other, 1)).toBe(2);
      // And the refetched entry is shared again.
      await listener.listTools();
      expect(lists()).toBe(2);
    });
  }
});
