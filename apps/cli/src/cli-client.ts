import type { InvokeToolOptions, ListToolsOptions, Page, PageOptions, ServerInfo, ToolInfo } from '@mcpgw/core';

/** What the commands need from a gateway client: the preset's surface, narrowed. */
export interface CliClient {
  listServers(options?: PageOptions): Promise<Page<ServerInfo>>;
  servers(options?: { pageSize?: number; signal?: AbortSignal }): AsyncIterable<ServerInfo>;
  getServer(name: string, options?: { signal?: AbortSignal }): Promise<ServerInfo>;
  listTools(options?: ListToolsOptions): Promise<Page<ToolInfo>>;
  tools(options?: { server?: string; pageSize?: number; signal?: AbortSignal }): AsyncIterable<ToolInfo>;
  invokeTool(options: InvokeToolOptions): Promise<Record<string, unknown>>;
  health(): Promise<HealthReport>;
  liveness(): unknown;
  stats(): unknown;
  close(): Promise<void>;
  /** The client's Prometheus registry, when metrics are on. */
  readonly metrics?: { readonly registry: MetricsRegistry } | undefined;
}

/** The part of a prom-client Registry that /metrics needs. */
export interface MetricsRegistry {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** The preset's readiness report; `status` is `healthy`, `degraded` or `unhealthy`. */
export interface HealthReport {
  status: string;
  [key: string]: unknown;
}
