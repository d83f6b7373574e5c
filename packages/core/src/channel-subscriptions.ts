import type { Channel } from 'node:diagnostics_channel';

/** The subscriptions one observer (metrics, logging, tracing) holds on core's channels, so `close()` drops them all. */
export class ChannelSubscriptions {
  readonly #undo: Array<() => void> = [];

  on<T>(channel: Channel, listener: (message: T) => void): void {
    const wrapped = (message: unknown) => listener(message as T);
    channel.subscribe(wrapped);
    this.#undo.push(() => channel.unsubscribe(wrapped));
  }

  close(): void {
    for (const undo of this.#undo.splice(0)) undo();
  }
}
