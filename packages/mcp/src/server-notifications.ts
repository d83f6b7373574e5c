import diagnostics from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import type { EventVerdict } from '@mcpgw/core';
import type { Call } from './call-context.js';
import { isPlainObject } from './call-input.js';
import { peerText } from './json-rpc.js';
import type { ListChangedEvent, ListKind, McpLogger } from './mcp-types.js';

export const listChangedChannel = diagnostics.channel('mcpgw:mcp:list-changed');

const LOG_LEVELS: Record<string, keyof McpLogger> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  alert: 'error',
  emergency: 'error',
};

export interface NotificationHost {
  readonly name: string;
  readonly endpoint: string;
  readonly logger: McpLogger | undefined;
  readonly events: EventEmitter;
  /** A list changed: what the client remembers of it (tool schemas) is dropped. */
  onListChanged(kind: ListKind): void;
}

/**
 * Where the server's notifications go: progress of a call to its `onProgress`, `notifications/message` to the
 * logger, `*\/list_changed` to `listChanged` listeners and the `mcpgw:mcp:list-changed` channel. A callback that
 * throws never breaks the stream that carried the notification.
 */
export class ServerNotifications {
  constructor(private readonly host: NotificationHost) {}

  /** One notification from a stream; `progress` when it shows the server working on the call. */
  handle(call: Call, method: string, params: unknown): EventVerdict {
    const p = isPlainObject(params) ? params : {};
    if (method === 'notifications/progress') {
      if (call.progressToken === undefined || p.progressToken !== call.progressToken) return undefined;
      if (typeof p.progress !== 'number') return 'progress';
      const update: { progress: number; total?: number; message?: string } = { progress: p.progress };
      if (typeof p.total === 'number') update.total = p.total;
      if (typeof p.message === 'string') update.message = peerText(p.message, 1_000);
      try {
        call.onProgress?.(update);
      } catch {
        // A caller's callback that throws must not break the stream it listens to.
      }
      return 'progress';
    }
    if (method === 'notifications/message') {
      const level = LOG_LEVELS[typeof p.level === 'string' ? p.level : ''] ?? 'info';
      this.host.logger?.[level]({ mcpLogger: peerText(p.logger, 100) || undefined, data: p.data }, 'MCP server log');
      return 'progress';
    }
    const kind = /^notifications\/(tools|resources|prompts)\/list_changed$/.exec(method)?.[1] as ListKind | undefined;
    if (kind !== undefined) this.#listChanged(kind);
    return undefined;
  }

  #listChanged(kind: ListKind): void {
    const event: ListChangedEvent = { client: this.host.name, kind, endpoint: this.host.endpoint };
    this.host.onListChanged(kind);
    if (listChangedChannel.hasSubscribers) listChangedChannel.publish(event);
    try {
      this.host.events.emit('listChanged', event);
    } catch {
      // A listener that throws must not break the stream that carried the notification.
    }
  }
}
