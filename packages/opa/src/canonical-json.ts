import { InvalidRequestError } from '@mcpgw/core';
import { MAX_JSON_DEPTH } from '@mcpgw/core/kit';

/** Room above a request body's own bound for the levels the authorization input document adds around it. */
const MAX_DEPTH = MAX_JSON_DEPTH + 8;

type Pending = string | { readonly value: unknown; readonly depth: number };

/**
 * JSON with object keys sorted at every depth, so equal documents always give the same text (and hash). The value
 * is first read exactly as `JSON.stringify` reads it (`toJSON`, `undefined` members, non-finite numbers), so the
 * text describes what OPA and the gateway receive, never less. No recursion: nesting deeper than the request
 * bound, or anything JSON cannot hold, is an `InvalidRequestError`.
 */
export function canonicalJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidRequestError(
      cause instanceof RangeError
        ? `the authorization input is nested deeper than ${MAX_DEPTH} levels`
        : 'the authorization input cannot be serialised as JSON (a cycle or a BigInt?)',
      { field: 'parameters' },
    );
  }
  if (json === undefined) return 'null';
  const out: string[] = [];
  const stack: Pending[] = [{ value: JSON.parse(json) as unknown, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { value: node, depth } = item;
    if (node === null || typeof node !== 'object') {
      out.push(JSON.stringify(node));
      continue;
    }
    if (depth > MAX_DEPTH) {
      throw new InvalidRequestError(`the authorization input is nested deeper than ${MAX_DEPTH} levels`, {
        field: 'parameters',
      });
    }
    // Pushed last to first, so they pop in order.
    if (Array.isArray(node)) {
      out.push('[');
      stack.push(']');
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push({ value: node[i], depth: depth + 1 });
        if (i > 0) stack.push(',');
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out.push('{');
    stack.push('}');
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: record[key], depth: depth + 1 });
      stack.push(`${JSON.stringify(key)}:`);
      if (i > 0) stack.push(',');
    }
  }
  return out.join('');
}
