import type { Handler, Middleware } from './types.js';

/**
 * Builds an onion: `compose(a, b, c)(inner)` sends a request through `a`, then `b`, then `c`, then `inner`.
 * The first middleware is the outermost (undici's `compose` runs the other way round).
 * `false`, `null` and `undefined` entries are skipped, so optional layers read naturally.
 */
export function compose(
  ...middlewares: ReadonlyArray<Middleware | false | null | undefined>
): (inner: Handler) => Handler {
  const layers = middlewares.filter((m): m is Middleware => typeof m === 'function');
  return (inner) => {
    let handler = inner;
    for (let i = layers.length - 1; i >= 0; i--) handler = layers[i]!(handler);
    return handler;
  };
}
