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
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TracingLayer, tracing } from '../src/index.js';
import { RecordingTracerProvider } from './recording-tracer.js';

const apiKey = 'span-echo-api-key-Lw52';
const parameterValue = 'span-echo-parameter-Tc08';

// A gateway that quotes what it was sent (a 401 naming the API key, a 422 quoting a parameter) and a policy whose
// reason quotes the input it judged: no span name, attribute, status or event may carry either secret.
describe('spans of errors whose text quotes the request', () => {
  let sim: GatewaySim;
  let transport: Transport;
  let layer: TracingLayer;
  const provider = new RecordingTracerProvider();
  const errors: unknown[] = [];

  beforeAll(async () => {
    sim = await startGatewaySim({ port: 0, requireUserToken: false });
    transport = createTransport();
    layer = tracing({ tracerProvider: provider });
    const quotingPolicy: Middleware = (next) => async (request) => {
      if (request.attributes.tool === 'list_tables') {
        throw new AuthorizationDeniedError(`schema ${parameterValue} is not yours`, { operation: request.operation });
      }
      return next(request);
    };
    const client = new GatewayClient({ baseUrl: sim.url, apiKey, handler: compose(layer, quotingPolicy)(transport) });
    const fail = async (call: Promise<unknown>) =>
      errors.push(
        await call.then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    sim.script('listServers', [{ status: 401, body: { error: { message: `invalid API key ${apiKey}` } } }]);
    await fail(client.listServers());
    sim.script('invoke', [{ status: 422, body: { detail: [{ msg: `query: '${parameterValue}' is not valid SQL` }] } }]);
    const invoke = { server: 'postgres-mcp', parameters: { query: parameterValue }, user: 'u' };
    await fail(client.invokeTool({ ...invoke, tool: 'execute_query' }));
    await fail(client.invokeTool({ ...invoke, tool: 'list_tables' }));
  });
  afterAll(async () => {
    layer.close();
    await transport.close();
    await sim.close();
  });

  it('the calls failed as the gateway and the policy said', () => {
    expect(errors.map((e) => (e instanceof HttpError ? e.status : (e as Error).name))).toEqual([
      401,
      422,
      'AuthorizationDeniedError',
    ]);
  });

  it('no span carries the API key or the parameter value, and every failed span still says why', () => {
    expect(provider.spans.length).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(provider.spans);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(parameterValue);
    const failed = provider.spans.filter((s) => s.status?.code === SpanStatusCode.ERROR);
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed.map((s) => s.status?.message)).toContain('authorization denied: schema [REDACTED] is not yours');
  });
});
