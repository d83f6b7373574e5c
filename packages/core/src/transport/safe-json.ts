const RISKY_KEY = /__proto__|constructor|\\u/;

/**
 * `JSON.parse`, then drops `__proto__` keys and `constructor.prototype` members, so a peer's JSON can never
 * poison a prototype when a caller later merges or copies it. The tree walk runs only when the text could hold
 * such a key (also written with `\u` escapes), so the common case costs one regex test.
 */
export function parseJsonSafely(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (RISKY_KEY.test(text) && typeof value === 'object' && value !== null) stripPoison(value);
  return value;
}

function stripPoison(root: object): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> & { constructor?: unknown };
    if (Object.hasOwn(node, '__proto__')) Reflect.deleteProperty(node, '__proto__');
    const ctor = Object.hasOwn(node, 'constructor') ? node.constructor : undefined;
    if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) delete node.constructor;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}
