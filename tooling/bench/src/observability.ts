import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { type Logger, pino } from 'pino';

/** Exports nothing: spans are still built, sampled and batched, as in production, but never leave the process. */
const discardingExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

export interface TracingSetup {
  readonly tracerProvider: BasicTracerProvider;
  readonly propagator: W3CTraceContextPropagator;
  close(): Promise<void>;
}

/**
 * A real SDK tracer provider and an AsyncLocalStorage context manager, as a production app would run. Only a
 * scenario with tracing enables them: context propagation adds a cost to every promise in the process, and the
 * raw-undici baseline must not pay it.
 */
export function startTracing(): TracingSetup {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discardingExporter)] });
  return {
    tracerProvider,
    propagator: new W3CTraceContextPropagator(),
    async close() {
      await tracerProvider.shutdown();
      context.disable();
    },
  };
}

/** A pino logger (default `info`) writing to /dev/null asynchronously: the serialisation cost is real, the I/O is not. */
export function benchLogger(level = 'info'): Logger {
  return pino({ level }, pino.destination({ dest: '/dev/null', sync: false }));
}
