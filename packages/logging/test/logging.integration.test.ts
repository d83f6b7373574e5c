import { type Captured, captureLogs } from '@mcpgw/test-support/capture-logs';
import { driveScenario, type Scenario } from '@mcpgw/test-support/drive-scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggingObserver, logging } from '../src/index.js';

const levels = { debug: 20, info: 30, warn: 40, error: 50 } as const;

describe('logging of a client driven against gateway-sim', () => {
  let scenario: Scenario;
  let layer: LoggingObserver;
  let captured: Captured;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    captured = captureLogs();
    scenario = await driveScenario({
      clientName: 'logging-it',
      observe: () => {
        layer = logging({ logger: captured.logger, client: 'logging-it' });
      },
    });
    lines = captured.lines();
  });
  afterAll(async () => {
    layer.close();
    await scenario.close();
  });

  it('writes one debug line per successful operation with its correlation fields', () => {
    const finished = lines.filter((l) => l.msg === 'operation finished');
    expect(finished.map((l) => [l.level, l.operation, l.cache, l.attempts])).toEqual([
      [levels.debug, 'listServers', 'miss', 1],
      [levels.debug, 'listServers', 'hit', 1],
      [levels.debug, 'listServers', 'stale', 1],
      [levels.debug, 'invokeTool', undefined, 2],
    ]);
    for (const line of finished) {
      expect(line).toMatchObject({ client: 'logging-it', status: 200 });
      expect(line.requestId).toEqual(expect.any(String));
      expect(line.durationMs).toEqual(expect.any(Number));
    }
  });

  it('writes a warn line per retry and per refusal of the budget', () => {
    const retries = lines.filter((l) => l.msg === 'retrying');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({
      level: levels.warn,
      operation: 'invokeTool',
      attempt: 1,
      reason: 'status:503',
      code: 'MCPGW_SERVER_ERROR',
      status: 503,
    });
    const refused = lines.filter((l) => l.msg === 'retry refused: retry budget exhausted');
    expect(refused.map((l) => [l.level, l.operation])).toEqual([
      [levels.warn, 'listTools'],
      [levels.warn, 'health'],
    ]);
  });

  it('writes an error line per final failure with the code and message, and a warn line when a circuit opens', () => {
    const failed = lines.filter((l) => l.msg === 'operation failed');
    expect(failed.map((l) => [l.level, l.operation, l.code])).toEqual([
      [levels.error, 'invokeTool', 'MCPGW_AUTHZ_DENIED'],
      [levels.error, 'listTools', 'MCPGW_SERVER_ERROR'],
      [levels.error, 'health', 'MCPGW_SERVER_ERROR'],
      [levels.error, 'getServer', 'MCPGW_CIRCUIT_OPEN'],
    ]);
    for (const line of failed) {
      expect(line.message).toEqual(expect.any(String));
      expect(line.requestId).toEqual(expect.any(String));
      expect(line.client).toBe('logging-it');
    }
    const opened = lines.filter((l) => l.msg === 'circuit opened');
    expect(opened).toEqual([
      expect.objectContaining({ level: levels.warn, upstream: scenario.sim.url, from: 'closed', to: 'open' }),
    ]);
  });

  it('carries the same request id on the retry line and the finished line of one operation', () => {
    const retry = lines.find((l) => l.msg === 'retrying');
    const finished = lines.find((l) => l.msg === 'operation finished' && l.operation === 'invokeTool');
    expect(retry?.requestId).toBe(finished?.requestId);
    const sent = scenario.sim.requests.filter((r) => r.route === 'invoke').map((r) => r.headers['x-request-id']);
    expect(sent).toEqual([retry?.requestId, retry?.requestId]);
  });
});
