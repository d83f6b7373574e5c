interface Entry {
  readonly callbacks: Set<{ readonly run: () => void }>;
  readonly listener: () => void;
}

const entries = new WeakMap<AbortSignal, Entry>();

/** Where a signal made by `runWithTimeout` keeps its listeners: it runs them itself, before aborting. */
export const ownListeners = Symbol('mcpgw own abort listeners');

type OwnSignal = AbortSignal & { [ownListeners]?: Set<{ readonly run: () => void }> };

/**
 * Runs `callback` once when `signal` aborts; returns the function that cancels it. However many calls wait on
 * one long-lived signal at once (a shutdown signal shared by 10 000 requests), the signal carries a single
 * listener, removed when the last of them is done: no MaxListenersExceededWarning and nothing retained.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  // Our own signals skip EventTarget entirely: adding and removing DOM listeners costs about a microsecond a call.
  const own = (signal as OwnSignal)[ownListeners];
  if (own !== undefined) {
    const handle = { run: callback };
    own.add(handle);
    return () => {
      own.delete(handle);
    };
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
  readonly #listeners = new Set<{ readonly run: () => void }>();
  readonly signal: AbortSignal;

  constructor() {
    this.signal = this.#controller.signal;
    (this.signal as OwnSignal)[ownListeners] = this.#listeners;
  }

  abort(reason?: unknown): void {
    if (this.signal.aborted) return;
    this.#controller.abort(reason);
    for (const listener of this.#listeners) listener.run();
    this.#listeners.clear();
  }
}
