import type { EventStream, StreamShape } from './event-stream.js';
import type { McpCatalog } from './mcp-catalog.js';
import type { ResolvedMcpOptions } from './mcp-options.js';
import type { McpCallRecord } from './mcp-sim.js';
import type { SessionStore } from './session.js';

/** What the era handlers share with the endpoint: knobs, data, sessions, timers and the call log. */
export interface EndpointContext {
  readonly options: ResolvedMcpOptions;
  readonly catalog: McpCatalog;
  readonly sessions: SessionStore;
  /** Aborted when the simulator closes. */
  readonly closing: AbortSignal;
  /** A timer the simulator clears on close; rejects with a `cancelled` interruption when `signal` aborts. */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
  newStream(
    id: string,
    withIds: boolean,
    priming: boolean,
    shape: StreamShape,
    onClientClose?: () => void,
  ): EventStream;
  recordCall(call: Omit<McpCallRecord, 'at'>): void;
  /** Streams that asked for list_changed notifications (2026-07-28 `subscriptions/listen`). */
  readonly listeners: Set<ListChangedListener>;
}

export type ListChangedKind = 'tools' | 'resources' | 'prompts';

export interface ListChangedListener {
  stream: EventStream;
  subscriptionId: string | number;
  kinds: Set<ListChangedKind>;
}

export const serverInfo = { name: 'gateway-sim', version: '0.1.0' };

export const serverCapabilities = {
  tools: { listChanged: true },
  resources: { listChanged: true },
  prompts: { listChanged: true },
  logging: {},
};
