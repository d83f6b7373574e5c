import {
  AuthorizationDeniedError,
  compose,
  createTransport,
  GatewayClient,
  HttpError,
  type Middleware,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type Captured, captureLogs } from '@mcpgw/test-support/capture-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerErrorStatuses, type LoggingObserver, logging } from '../src/index.js';

const apiKey = 'peer-echo-api-key-Qm41';
const parameterValue = 'peer-echo-parameter-Vb93';
const levels = { info: 30, error: 50 } as const;

// A gateway that quotes what it was sent: a 401 naming the API key, a 422 quoting a parameter. Neither may reach a log
// line. And a 404 the caller handles (a missing server) is not the client's error: logged at info, never at error.
describe('logging of errors whose body quotes the request', () => {
  let sim: GatewaySim;
  let transport: Transport;
  let client: GatewayClient;
  let layer: LoggingObserver;
  let captured: Captured;
  const errors: unknown[] = [];

  beforeAll(async () => {
    sim = await startGatewaySim({ port: 0, requireUserToken: false });
    transport = createTransport();
    captured = captureLogs();
    layer = logging({ logger: captured.logger });
    client = new GatewayClient({ baseUrl: sim.url, apiKey, handler: transport });
    const failing = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpError);
      errors.push(error);
    };
    sim.script('listServers', [{ status: 401, body: { error: { message: `invalid API key ${apiKey}` } } }]);
    await failing(client.listServers());
    sim.script('invoke', [
      { status: 422, body: { detail: [{ msg: `query: '${parameterValue}' is not valid SQL` }] } },
      { status: 409, body: { error: `already running: ${parameterValue}` } },
    ]);
    const invoke = { server: 'postgres-mcp', tool: 'execute_query', parameters: { query: parameterValue }, user: 'u' };
    await failing(client.invokeTool(invoke));
    await failing(client.invokeTool(invoke));
    await failing(client.getServer('no-such-server'));
  });
  afterAll(async () => {
    layer.close();
    await transport.close();
    await sim.close();
  });

  it('the secrets really were echoed by the gateway', () => {
    expect(errors.map((e) => (e as HttpError).status)).toEqual([401, 422, 409, 404]);
  });

  it('puts neither the API key nor the parameter value in any line', () => {
    const text = captured.raw.join('');
    expect(captured.lines().filter((l) => l.msg === 'operation failed')).toHaveLength(4);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(parameterValue);
  });

  it('logs caller errors (400, 404, 409, 422) at info, marked, and 401 at error', () => {
    expect([...callerErrorStatuses]).toEqual([400, 404, 409, 422]);
    const failed = captured.lines().filter((l) => l.msg === 'operation failed');
    expect(failed.map((l) => [l.status, l.level, l.callerError])).toEqual([
      [401, levels.error, undefined],
      [422, levels.info, true],
      [409, levels.info, true],
      [404, levels.info, true],
    ]);
    for (const line of failed) expect(line).toMatchObject({ code: expect.stringMatching(/^MCPGW_/), retryable: false });
  });
});

// A policy's reason may quote the input it judged; the layer scrubs every message with the request's own secrets.
describe('logging of an error whose message quotes a parameter without scrubbing', () => {
  it('scrubs the parameter value out of the line, keeps the rest of the message', async () => {
    const captured = captureLogs();
    const layer = logging({ logger: captured.logger });
    const quotingPolicy: Middleware = () => async (request) => {
      throw new AuthorizationDeniedError(`query ${parameterValue} touches a table you may not read`, {
        operation: request.operation,
        requestId: request.requestId,
      });
    };
    const client = new GatewayClient({
      baseUrl: 'http://127.0.0.1:9',
      apiKey,
      handler: compose(quotingPolicy)(() => {
        throw new Error('never sent');
      }),
    });
    const error = await client
      .invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: { query: parameterValue }, user: 'u' })
      .catch((e: unknown) => e);
    layer.close();
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    const [line] = captured.lines().filter((l) => l.msg === 'operation failed');
    expect(line).toMatchObject({ level: levels.error, code: 'MCPGW_AUTHZ_DENIED' });
    expect(line?.message).toContain('touches a table you may not read');
    expect(captured.raw.join('')).not.toContain(parameterValue);
  });
});
