import { randomUUID } from 'node:crypto';
import type { EventStream } from './event-stream.js';
import type { RpcId, RpcResponse } from './json-rpc.js';

interface PendingServerRequest {
  resolve(answer: RpcResponse): void;
}

const maxStreamsPerSession = 100;

/** One 2025-era session: what initialize negotiated, its streams (for resumption) and what is in flight. */
export class Session {
  readonly id = randomUUID();
  readonly streams = new Map<string, EventStream>();
  /** Server requests sent to the client, by their id, waiting for the client's POSTed answer. */
  readonly pending = new Map<string, PendingServerRequest>();
  /** Requests being served, by JSON-RPC id, so `notifications/cancelled` can stop them. */
  readonly running = new Map<string, AbortController>();
  standalone: EventStream | undefined;
  initialized = false;
  #nextStream = 0;
  #nextRequest = 0;

  constructor(
    readonly protocolVersion: string,
    readonly clientCapabilities: Record<string, unknown>,
    readonly clientInfo: unknown,
  ) {}

  newStreamId(): string {
    return `s${this.#nextStream++}`;
  }

  newServerRequestId(): string {
    return `sim-${this.#nextRequest++}`;
  }

  addStream(stream: EventStream): void {
    this.streams.set(stream.id, stream);
    if (this.streams.size > maxStreamsPerSession) {
      const oldest = this.streams.keys().next().value as string;
      this.streams.delete(oldest);
    }
  }

  static key(id: RpcId): string {
    return typeof id === 'number' ? `n:${id}` : `s:${id}`;
  }

  /** Ends the session: stops what runs, ends its streams. */
  end(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    for (const stream of this.streams.values()) stream.end();
    this.streams.clear();
    this.standalone = undefined;
  }
}

/** Sessions by id; the oldest is forgotten once `capacity` are open. */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(public capacity: number) {}

  get ids(): string[] {
    return [...this.#sessions.keys()];
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  values(): IterableIterator<Session> {
    return this.#sessions.values();
  }

  add(session: Session): void {
    this.#sessions.set(session.id, session);
    if (this.#sessions.size > this.capacity) {
      const oldest = this.#sessions.keys().next().value as string;
      this.forget(oldest);
    }
  }

  /** Drops the session as a restarted server would; in-flight work is stopped. */
  forget(id: string): boolean {
    const session = this.#sessions.get(id);
    if (session === undefined) return false;
    this.#sessions.delete(id);
    session.end();
    return true;
  }

  clear(): void {
    for (const id of [...this.#sessions.keys()]) this.forget(id);
  }
}
