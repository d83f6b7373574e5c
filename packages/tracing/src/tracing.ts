import { channel } from 'node:diagnostics_channel';
import { type AttemptEvent, channels, type GatewayRequest, type Handler, type Middleware, VERSION } from '@mcpgw/core';
import { ChannelSubscriptions, type McpMessageFacts, mcpMessageOf, secretsOf } from '@mcpgw/core/kit';
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  defaultTextMapSetter,
  isSpanContextValid,
  ProxyTracerProvider,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { errorTypeOf, safeMessageOf } from './error-type.js';
import { endMcpSpan, mcpSpanAttributes, mcpSpanName, withTraceMeta } from './mcp-span.js';
import { safeUrl, serverOf } from './safe-url.js';
import { sessionHash } from './session-hash.js';

export interface TracingOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider | undefined;
  /** Injects `traceparent` into each attempt's headers. Default: the global propagation API. */
  propagator?: Pick<TextMapPropagator, 'inject'> | undefined;
  /** Trace only the client with this name (events are process-wide). Default: every client. */
  client?: string | undefined;
  /**
   * Who makes each HTTP attempt's CLIENT span and sends its `traceparent`, so that there is exactly one of each:
   * - `'auto'` (default): this layer, unless something listens on undici's own `undici:request:create` channel, as
   *   `@opentelemetry/instrumentation-undici` (part of the usual auto-instrumentation) does. Then that span, a child of
   *   this layer's operation span, is the attempt's only span, and its `traceparent` the only one sent.
   * - `true`: always this layer. Beside instrumentation-undici, give it an `ignoreRequestHook` that skips mcpgw's
   *   requests, or every attempt is traced twice.
   * - `false`: never; the operation span is still the parent of what an HTTP instrumentation makes.
   */
  attemptSpans?: 'auto' | boolean | undefined;
  /**
   * Writes each MCP request's and notification's trace context into its `params._meta` (`traceparent`,
   * `tracestate`), as the OpenTelemetry MCP conventions ask, besides the HTTP header. Default true.
   */
  mcpMetaPropagation?: boolean | undefined;
}

export interface TracingLayer extends Middleware {
  /** Stops creating attempt spans. */
  close(): void;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const OPA_OPERATION = 'opa.decision';
/** Where HTTP instrumentations of undici (OpenTelemetry's, APM agents') learn of every request. */
const undiciRequestCreate = channel('undici:request:create');
/** Marks a context as belonging to one tracing() instance, so two instances never both trace one attempt. */
const ownerKey = createContextKey('@mcpgw/tracing owner');

/**
 * OpenTelemetry spans: one INTERNAL span per logical operation, made active for everything inside it, and one
 * CLIENT span per HTTP attempt (OPA calls included), created from core's attempt events with a W3C
 * `traceparent` injected into the headers that are sent. An MCP message's operation span is the CLIENT span of the
 * OpenTelemetry MCP conventions instead (`tools/call get_weather`, `mcp.*`, `gen_ai.*`, `jsonrpc.request.id`, a
 * hashed `mcp.session.id`), and its context also travels in the message's `params._meta`.
 */
export function tracing(options: TracingOptions = {}): TracingLayer {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = provider.getTracer('@mcpgw/tracing', VERSION);
  // The global provider before an SDK registers one: every span would be a no-op. When the active context carries no
  // span either, a call has nothing to trace or propagate, and builds no span name or attributes for nothing.
  const untraced: (active: Context) => boolean =
    provider instanceof ProxyTracerProvider
      ? (active) =>
          provider.getDelegateTracer('@mcpgw/tracing', VERSION) === undefined &&
          trace.getSpanContext(active) === undefined
      : () => false;
  const propagator = options.propagator ?? propagation;
  const owner = Symbol('tracing instance');
  const ours = (client: string) => options.client === undefined || client === options.client;
  const attemptSpans = new WeakMap<AttemptEvent, Span>();
  const subscriptions = new ChannelSubscriptions();
  const attemptSpansOption = options.attemptSpans ?? 'auto';
  const ownsAttempts =
    attemptSpansOption === 'auto' ? () => !undiciRequestCreate.hasSubscribers : () => attemptSpansOption;

  // Subscribers run synchronously inside publish(), so context.active() is the context of the attempt's caller.
  subscriptions.on<AttemptEvent>(channels.attemptStart, (event) => {
    if (!ours(event.client) || !ownsAttempts()) return;
    const active = context.active();
    if (untraced(active)) return;
    const activeOwner = active.getValue(ownerKey);
    if (activeOwner !== undefined && activeOwner !== owner) return;
    const span = tracer.startSpan(
      event.operation === OPA_OPERATION ? 'opa decision' : event.method,
      { kind: SpanKind.CLIENT, attributes: attemptAttributes(event) },
      active,
    );
    // A span that records nothing needs no end bookkeeping; its context is still propagated.
    if (span.isRecording()) attemptSpans.set(event, span);
    propagator.inject(trace.setSpan(active, span), event.headers, defaultTextMapSetter);
  });
  subscriptions.on<AttemptEvent>(channels.attemptEnd, (event) => {
    const span = attemptSpans.get(event);
    if (span === undefined) return;
    attemptSpans.delete(event);
    if (event.status !== undefined) span.setAttribute('http.response.status_code', event.status);
    const errorType = errorTypeOf(event.status, event.error);
    if (errorType !== undefined) {
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, message: safeMessageOf(event.error, secretsOf(event.request)) });
    }
    span.end();
  });

  const metaPropagation = options.mcpMetaPropagation !== false;

  /** One MCP request or notification: the conventions' CLIENT span, its context in `_meta` and in each attempt. */
  const mcpOperation = async (next: Handler, request: GatewayRequest, facts: McpMessageFacts, parent: Context) => {
    const span = tracer.startSpan(
      mcpSpanName(facts),
      { kind: SpanKind.CLIENT, attributes: mcpSpanAttributes(facts, request) },
      parent,
    );
    if (!span.isRecording() && !isSpanContextValid(span.spanContext())) return next(request);
    const active = trace.setSpan(parent, span).setValue(ownerKey, owner);
    try {
      let sent = request;
      if (metaPropagation) {
        const carrier: Record<string, string> = {};
        propagator.inject(active, carrier, defaultTextMapSetter);
        sent = withTraceMeta(request, carrier);
      }
      const response = await context.with(active, next, undefined, sent);
      if (response.cache !== undefined) span.setAttribute('mcpgw.cache', response.cache);
      span.setAttribute('mcpgw.attempts', response.attempts);
      // A tool's isError answer is a success of the call but the conventions' tool_error: the span says so.
      if (endMcpSpan(span, facts, response, undefined) !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (error) {
      endMcpSpan(span, facts, undefined, error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: safeMessageOf(error, secretsOf(request)) });
      throw error;
    } finally {
      span.end();
    }
  };

  // Not async: a call with nothing to trace returns the inner promise itself, without a promise and two turns more.
  const layer: Middleware = (next) => (request) => {
    if (!ours(request.client)) return next(request);
    const parent = context.active();
    if (untraced(parent)) return next(request);
    const facts = mcpMessageOf(request);
    if (facts?.method !== undefined) return mcpOperation(next, request, facts, parent);
    return operation(next, request, facts, parent);
  };

  const operation = async (
    next: Handler,
    request: GatewayRequest,
    facts: McpMessageFacts | undefined,
    parent: Context,
  ) => {
    const span = tracer.startSpan(
      `mcpgw ${request.operation}`,
      { kind: SpanKind.INTERNAL, attributes: operationAttributes(request, facts) },
      parent,
    );
    // No SDK and no incoming trace: the span is a no-op with an invalid context, and entering it would only cost.
    if (!span.isRecording() && !isSpanContextValid(span.spanContext())) return next(request);
    const active = trace.setSpan(parent, span).setValue(ownerKey, owner);
    try {
      const response = await context.with(active, next, undefined, request);
      if (response.cache !== undefined) span.setAttribute('mcpgw.cache', response.cache);
      span.setAttribute('mcpgw.attempts', response.attempts);
      return response;
    } catch (error) {
      span.setAttribute('error.type', errorTypeOf(undefined, error) ?? '_OTHER');
      span.setStatus({ code: SpanStatusCode.ERROR, message: safeMessageOf(error, secretsOf(request)) });
      throw error;
    } finally {
      span.end();
    }
  };
  const close = () => subscriptions.close();
  return Object.assign(layer, { close, [Symbol.asyncDispose]: async () => close() });
}

function operationAttributes(request: GatewayRequest, facts: McpMessageFacts | undefined): Attributes {
  const attributes: Attributes = {
    'mcpgw.operation': request.operation,
    'mcpgw.request_id': request.requestId,
  };
  // The dialect's GET (resumption, standalone stream), DELETE and answers to server requests carry no method.
  if (facts?.protocolVersion !== undefined) attributes['mcp.protocol.version'] = facts.protocolVersion;
  if (facts?.sessionId !== undefined) attributes['mcp.session.id'] = sessionHash(facts.sessionId);
  const { server, tool } = request.attributes;
  if (typeof server === 'string') attributes['mcpgw.server'] = server;
  if (typeof tool === 'string') attributes['mcpgw.tool'] = tool;
  return attributes;
}

function attemptAttributes(event: AttemptEvent): Attributes {
  const attributes: Attributes = {
    'http.request.method': event.method,
    'url.full': safeUrl(event.url),
    'mcpgw.operation': event.operation,
    'mcpgw.request_id': event.requestId,
  };
  const server = serverOf(event.origin);
  if (server !== undefined) {
    attributes['server.address'] = server.address;
    attributes['server.port'] = server.port;
  }
  if (event.attempt > 1) attributes['http.request.resend_count'] = event.attempt - 1;
  return attributes;
}
