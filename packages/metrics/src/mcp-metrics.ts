import { HttpError, type OperationEvent } from '@mcpgw/core';
import { mcpErrorTypeOf, mcpMessageOf, mcpResultOf } from '@mcpgw/core/kit';
import type { Registry } from 'prom-client';
import { HotHistogram } from './hot-instruments.js';
import { BoundedLabel } from './labels.js';

/** The OpenTelemetry MCP conventions' metrics in Prometheus form (`mcp.client.operation.duration` → these). */
export const mcpMetricNames = {
  operationDuration: 'mcp_client_operation_duration_seconds',
  sessionDuration: 'mcp_client_session_duration_seconds',
} as const;

/** The conventions' advised boundaries (10 ms to 300 s) with four below them: a gateway on the same host answers in 1 ms. */
export const mcpOperationBuckets: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300,
];

/** The conventions' boundaries, then up to 4 h: a session lives as long as its client. */
export const mcpSessionBuckets: readonly number[] = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 14400,
];

export interface McpMetricsOptions {
  /**
   * Adds `gen_ai_tool_name` to the operation histogram. Tool names come from the server, so this is off by default;
   * on, the first `maxLabelValues` names are labelled and the rest become `other`.
   */
  toolNameLabel?: boolean | undefined;
}

/** Sessions tracked at once; past it the oldest is forgotten (its duration is never observed). */
const MAX_SESSIONS = 10_000;

interface OpenSession {
  readonly startedAt: number;
  readonly version: string;
}

/**
 * `mcp_client_operation_duration_seconds` for every MCP message the client sends (request or notification), and
 * `mcp_client_session_duration_seconds` from a 2025-era session's `initialize` to its DELETE, or to the answer
 * that said the server forgot it. The session histogram stays on the registry after `close()`, shared by every
 * observer on it: a client's close ends its session and its observer at once. Both read the requests' own facts
 * (core's `mcpMessageOf`), so they need nothing from the dialect but its requests.
 */
export class McpMetrics {
  readonly #operation: HotHistogram;
  readonly #session: HotHistogram;
  readonly #methods: BoundedLabel;
  readonly #versions: BoundedLabel;
  readonly #errorTypes: BoundedLabel;
  readonly #tools: BoundedLabel | undefined;
  /** Keyed by the session id; held in memory only, never exported. */
  readonly #sessions = new Map<string, OpenSession>();

  constructor(registry: Registry, prefix: string, limit: number, options: McpMetricsOptions = {}) {
    this.#tools = options.toolNameLabel === true ? new BoundedLabel(limit) : undefined;
    const labels = ['mcp_method_name', 'mcp_protocol_version', 'error_type'];
    if (this.#tools !== undefined) labels.push('gen_ai_tool_name');
    this.#operation = new HotHistogram(
      prefix + mcpMetricNames.operationDuration,
      'Duration of MCP requests and notifications as the client saw them, by method, protocol version and error type (OpenTelemetry mcp.client.operation.duration).',
      labels,
      mcpOperationBuckets,
      registry,
    );
    // A session's normal end is its client's close(), which also closes this observer: the session histogram
    // outlives the observer (and is shared by every observer on the registry), or no normal end would be scraped.
    const sessionName = prefix + mcpMetricNames.sessionDuration;
    const shared = registry.getSingleMetric(sessionName);
    this.#session =
      shared instanceof HotHistogram
        ? shared
        : new HotHistogram(
            sessionName,
            'Duration of MCP sessions from initialize to their end, by protocol version and error type (OpenTelemetry mcp.client.session.duration).',
            ['mcp_protocol_version', 'error_type'],
            mcpSessionBuckets,
            registry,
          );
    this.#methods = new BoundedLabel(limit);
    this.#versions = new BoundedLabel(16);
    this.#errorTypes = new BoundedLabel(limit);
  }

  /** One finished operation: observed when it carried an MCP message; a session opened or ended by it is tracked. */
  operationEnded(event: OperationEvent): void {
    const facts = mcpMessageOf(event.request);
    if (facts === undefined) return;
    const now = event.startTime + (event.durationMs ?? 0);
    if (facts.method !== undefined && event.durationMs !== undefined) {
      const errorType = mcpErrorTypeOf(event.error, event.response);
      const values = [
        this.#methods.value(facts.method),
        facts.protocolVersion === undefined ? '' : this.#versions.value(facts.protocolVersion),
        errorType === undefined ? '' : this.#errorTypes.value(errorType),
      ];
      if (this.#tools !== undefined) values.push(facts.tool === undefined ? '' : this.#tools.value(facts.tool));
      this.#operation.observe(this.#operation.sample(...values), event.durationMs / 1000);
    }
    if (facts.method === 'initialize' && event.error === undefined) {
      this.#opened(event, now);
      return;
    }
    const sessionId = facts.sessionId;
    if (sessionId === undefined) return;
    if (event.request.method === 'DELETE') this.#ended(sessionId, now, undefined);
    else if (sessionForgotten(event.error)) this.#ended(sessionId, now, String((event.error as HttpError).status));
  }

  #opened(event: OperationEvent, now: number): void {
    const id = event.response?.headers['mcp-session-id'];
    if (typeof id !== 'string' || id.length === 0) return;
    const agreed = mcpResultOf(event.response)?.protocolVersion;
    const version = typeof agreed === 'string' ? this.#versions.value(agreed) : '';
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    this.#sessions.set(id, { startedAt: now, version });
  }

  #ended(sessionId: string, now: number, errorType: string | undefined): void {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return;
    this.#sessions.delete(sessionId);
    const sample = this.#session.sample(session.version, errorType ?? '');
    this.#session.observe(sample, Math.max(0, now - session.startedAt) / 1000);
  }

  /** Removes the operation histogram; the session histogram stays (see the constructor). */
  close(registry: Registry): void {
    this.#sessions.clear();
    registry.removeSingleMetric(this.#operation.name);
  }
}

/** A 404 for a request in a session, or the SDK servers' 400 "No valid session ID": the server ended the session. */
function sessionForgotten(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  return error.status === 404 || (error.status === 400 && /session/i.test(error.serverMessage ?? ''));
}
