import { ResponseFormatError } from '@mcpgw/core';
import { freezeWithin, MAX_JSON_DEPTH } from '@mcpgw/core/kit';

/**
 * Deepest nesting of an answer the cache keeps (the answer's top object is level 1): core's bound on request bodies
 * (64). Gateway listings and server records go a handful of levels deep; the bound keeps every later walk over a
 * shared entry (a store's JSON.stringify, a schema check) far from the stack's limit.
 */
export const MAX_ANSWER_DEPTH: number = MAX_JSON_DEPTH;

/**
 * Freezes a JSON value and everything inside it, once, when it enters the cache: every later reader shares the
 * same object and none can change what the others see. Cheaper on the hit path than cloning on every read.
 *
 * Core's `freezeWithin` does the walk (a stack of its own, never recursion, since the value comes from a peer). A
 * value nested deeper than `maxDepth` is a `ResponseFormatError`, and is then not fit to be kept (it may be frozen
 * part of the way). The default leaves room for the entry around an answer (`{ status, headers, body }`), as stores
 * freeze whole entries.
 */
export function deepFreeze<T>(value: T, maxDepth: number = MAX_ANSWER_DEPTH + 1): T {
  if (!freezeWithin(value, maxDepth)) {
    throw new ResponseFormatError(`the gateway's answer is nested deeper than ${maxDepth} levels: not cached`);
  }
  return value;
}
