interface Entry {
  readonly at: number;
  readonly fire: () => void;
  prev: Entry | undefined;
  next: Entry | undefined;
  queue: TimeoutQueue | undefined;
}

/**
 * The pending timeouts of one duration, in deadline order (they are added in time order, so appending keeps the
 * order), behind a single unref'd Node timer set for the earliest. Every call through `deadline()` and
 * `attemptTimeout()` needs a timeout; a Node timer per call costs an allocation plus two native ref toggles
 * (it is created ref'd, then unref'd), and showed up as most of those layers' cost. Here a call costs one small
 * object, and a cancelled timeout is unlinked at once, so memory follows the calls in flight.
 */
class TimeoutQueue {
  head: Entry | undefined;
  tail: Entry | undefined;
  timer: NodeJS.Timeout | undefined;
  timerAt = 0;

  constructor(readonly durationMs: number) {}

  add(entry: Entry): void {
    entry.queue = this;
    entry.prev = this.tail;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    if (this.timer === undefined) this.arm(entry.at);
  }

  remove(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = entry.queue = undefined;
  }

  arm(at: number): void {
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
    this.timer.unref();
  }

  expire(): void {
    this.timer = undefined;
    const now = performance.now();
    // Timers may fire up to a millisecond early relative to performance.now(); never fire an entry before its time.
    while (this.head !== undefined && this.head.at <= now + 0.5) {
      const entry = this.head;
      this.remove(entry);
      entry.fire();
    }
    if (this.head !== undefined) this.arm(this.head.at);
  }
}

const queues = new Map<number, TimeoutQueue>();

/** Calls `fire` after `ms` unless the returned function is called first. Never keeps the process alive. */
export function scheduleTimeout(ms: number, fire: () => void): () => void {
  // What is left of a deadline is rarely a whole number of ms: rounded up (it fires at most 1 ms late, never early),
  // the waits on 30 s deadlines all share the few queues of 29 999 and 30 000 ms.
  const durationMs = Math.ceil(Math.max(0, ms));
  // Configured timeouts are a handful of whole milliseconds and share a queue each. Past 64 durations, a wait gets
  // a plain Node timer, cleared on cancel: each queue keeps its (unref'd) timer armed until it fires.
  let queue = queues.get(durationMs);
  if (queue === undefined) {
    if (queues.size >= 64 || !Number.isFinite(durationMs)) return ownTimer(durationMs, fire);
    queue = new TimeoutQueue(durationMs);
    queues.set(durationMs, queue);
  }
  const entry: Entry = { at: performance.now() + durationMs, fire, prev: undefined, next: undefined, queue: undefined };
  queue.add(entry);
  return () => entry.queue?.remove(entry);
}

function ownTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
}
