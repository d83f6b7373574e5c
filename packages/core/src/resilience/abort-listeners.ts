interface Entry {
  readonly callbacks: Set<{ readonly run: () => void }>;
  readonly listener: () => void;
}

const entries = new WeakMap<AbortSignal, Entry>();

/** A callback waiting on a shared signal: a node of that signal's list, unlinked in O(1) when the wait ends. */
interface ListenerNode {
  readonly run: () => void;
  prev: ListenerNode | undefined;
  next: ListenerNode | undefined;
  list: ListenerList | undefined;
}

// A linked list rather than a Set: thousands of calls add and remove a callback each, and a hash table under that
// churn keeps rehashing (it showed as about a microsecond a call with 64 calls in flight).
class ListenerList {
  head: ListenerNode | undefined;
  tail: ListenerNode | undefined;

  add(run: () => void): ListenerNode {
    const node: ListenerNode = { run, prev: this.tail, next: undefined, list: this };
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    return node;
  }

  remove(node: ListenerNode): void {
    if (node.list !== this) return;
    if (node.prev === undefined) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = node.list = undefined;
  }

  /** Runs every callback once, oldest first; one removed by an earlier callback does not run. */
  runAll(): void {
    for (let node = this.head; node !== undefined; node = this.head) {
      this.remove(node);
      node.run();
    }
  }
}

/** Where a signal made by a {@link SharedAbortController} keeps its listeners: the controller runs them itself. */
export const ownListeners = Symbol('mcpgw own abort listeners');

type OwnSignal = AbortSignal & { [ownListeners]?: ListenerList };

/**
 * Runs `callback` once when `signal` aborts; returns the function that cancels it. However many calls wait on
 * one long-lived signal at once (a shutdown signal shared by 10 000 requests), the signal carries a single
 * listener, removed when the last of them is done: no MaxListenersExceededWarning and nothing retained.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  // Our own signals skip EventTarget entirely: adding and removing DOM listeners costs about a microsecond a call.
  const own = (signal as OwnSignal)[ownListeners];
  if (own !== undefined) {
    const node = own.add(callback);
    return () => own.remove(node);
  }
  let entry = entries.get(signal);
  if (entry === undefined) {
    const callbacks = new Set<{ readonly run: () => void }>();
    const listener = () => {
      entries.delete(signal);
      for (const c of callbacks) c.run();
      callbacks.clear();
    };
    entry = { callbacks, listener };
    entries.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const handle = { run: callback };
  const { callbacks, listener } = entry;
  callbacks.add(handle);
  return () => {
    if (!callbacks.delete(handle) || callbacks.size > 0) return;
    if (entries.get(signal)?.listener === listener) entries.delete(signal);
    signal.removeEventListener('abort', listener);
  };
}

/**
 * An AbortController for a signal that many calls wait on at once (a client's shutdown signal, an attempt's own
 * signal): `whenAborted()` callbacks on it skip EventTarget and are run by `abort()` itself, so a call that starts
 * and ends while nothing aborts adds and removes no DOM listener. Plain `addEventListener` listeners still work.
 */
export class SharedAbortController {
  readonly #controller = new AbortController();
  readonly #listeners = new ListenerList();
  readonly signal: AbortSignal;

  constructor() {
    this.signal = this.#controller.signal;
    (this.signal as OwnSignal)[ownListeners] = this.#listeners;
  }

  abort(reason?: unknown): void {
    if (this.signal.aborted) return;
    this.#controller.abort(reason);
    this.#listeners.runAll();
  }
}
