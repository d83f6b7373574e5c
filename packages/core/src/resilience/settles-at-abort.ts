import type { Handler } from '../types.js';

const mark = Symbol('mcpgw settles at abort');

/**
 * Marks a handler that settles every call as soon as the call's `request.signal` aborts, whatever runs inside it (the
 * deadline layer with a `totalMs` races every call that way). A layer outside that would race the same signal (the
 * preset's shutdown) can skip its own race, and the promise hop and allocations it costs on every call.
 */
export function markSettlesAtAbort<H extends Handler>(handler: H): H {
  (handler as H & { [mark]?: true })[mark] = true;
  return handler;
}

export function settlesAtAbort(handler: Handler): boolean {
  return (handler as Handler & { [mark]?: true })[mark] === true;
}
