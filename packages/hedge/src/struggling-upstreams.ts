import { type BreakerStateEvent, channels } from '@mcpgw/core';
import { ChannelSubscriptions } from '@mcpgw/core/kit';

/**
 * The upstreams whose circuit is not closed, per client, as the breaker reports them on `mcpgw:breaker:state`. A
 * hedge to an upstream the breaker distrusts would only add load where it hurts, or be refused by the breaker
 * anyway. Keyed as the breaker keys circuits (the origin, or `origin operation` with its `perOperation`) under the
 * client's name, which every request carries, so two clients in one process never see each other's circuits.
 */
export class StrugglingUpstreams {
  readonly #notClosed = new Set<string>();
  readonly #subscriptions = new ChannelSubscriptions();

  constructor() {
    this.#subscriptions.on<BreakerStateEvent>(channels.breakerState, (event) => {
      const key = `${event.client} ${event.upstream}`;
      if (event.to === 'closed') this.#notClosed.delete(key);
      else this.#notClosed.add(key);
    });
  }

  has(client: string, origin: string, operation: string): boolean {
    if (this.#notClosed.size === 0) return false;
    return this.#notClosed.has(`${client} ${origin}`) || this.#notClosed.has(`${client} ${origin} ${operation}`);
  }

  /** `client upstream` of every circuit not closed now. */
  list(): string[] {
    return [...this.#notClosed];
  }

  close(): void {
    this.#subscriptions.close();
    this.#notClosed.clear();
  }
}
