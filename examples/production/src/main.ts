import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { configFromEnv, createGatewayClient } from '@mcpgw/preset';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface ProductionOptions {
  /** `MCPGW_*` for the client, `PORT`, `HOST`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningService {
  /** `http://host:port` of the service's own HTTP server. */
  readonly url: string;
  /** Graceful shutdown: stop accepting, drain the client's calls, flush spans. */
  close(): Promise<void>;
}

/**
 * A service as it runs in production: the client from `MCPGW_*` variables, `/metrics` from the client's registry,
 * `/healthz` (liveness) and `/readyz` (readiness), spans exported over OTLP/HTTP, and a graceful shutdown.
 */
export async function main(options: ProductionOptions = {}): Promise<RunningService> {
  const env = options.env ?? process.env;
  // Bad configuration stops the service before it listens, with every bad variable listed at once.
  const config = configFromEnv(env);

  // OpenTelemetry SDK: installed globally, as an application does once at start-up.
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT }), {
        scheduledDelayMillis: 500,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);

  const client = createGatewayClient({ ...config, name: config.name ?? 'production-example' });
  const registry = client.metrics?.registry;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/metrics' && registry !== undefined)
        return send(200, await registry.metrics(), registry.contentType);
      if (path === '/healthz') {
        const live = client.liveness();
        return send(live.status === 'healthy' ? 200 : 503, live);
      }
      if (path === '/readyz') {
        const report = await client.health();
        return send(report.status === 'unhealthy' ? 503 : 200, report);
      }
      if (path === '/servers') {
        const page = await client.listServers({ limit: 10 });
        return send(
          200,
          page.items.map((s) => s.server_name),
        );
      }
      return send(404, { error: 'not found' });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INTERNAL';
      return send(code === 'MCPGW_CLIENT_CLOSED' ? 503 : 502, { error: code });
    }
  });
  server.keepAliveTimeout = 2_000;
  server.listen(Number(env.PORT ?? 8080), env.HOST ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Stop taking requests (idle keep-alive sockets too), let the client's calls finish, then flush the spans.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await client.close({ drainTimeoutMs: 10_000 });
      await stopped;
      await tracerProvider.shutdown();
      context.disable();
      trace.disable();
      propagation.disable();
    })();
    return closing;
  };
  return { url: `http://127.0.0.1:${port}`, close };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const service = await main();
  console.log(`listening on ${service.url}`);
  process.once('SIGTERM', () => {
    service.close().then(
      // No process.exit(): once everything is released the event loop empties and the process ends by itself.
      () => console.log('shut down cleanly'),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exitCode = 1;
      },
    );
  });
}
