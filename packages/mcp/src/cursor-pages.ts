import { createHash } from 'node:crypto';
import { ResponseFormatError, ResponseTooLargeError } from '@mcpgw/core';
import type { CursorPage } from './mcp-types.js';

export interface CursorPagination {
  /** Most pages one listing may fetch. Default 10,000. */
  maxPages: number;
  /** Most items one listing may return. Default 1,000,000. */
  maxItems: number;
}

export const defaultCursorPagination: CursorPagination = { maxPages: 10_000, maxItems: 1_000_000 };

/** Longest cursor accepted from a server; cursors are opaque, but not unbounded. */
export const MAX_CURSOR_LENGTH = 8_192;

/**
 * Every item of a cursor-paged listing, in order. Cursors are opaque and only compared: a cursor seen twice (a
 * server going in circles) ends it with `ResponseFormatError`; more pages or items than the bounds with
 * `ResponseTooLargeError`, as REST listings are bounded.
 */
export async function* cursorPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  bounds: CursorPagination,
  first: string | undefined,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor = first;
  let pages = 0;
  let items = 0;
  while (true) {
    if (++pages > bounds.maxPages) throw new ResponseTooLargeError('maxPages', bounds.maxPages);
    const page = await fetchPage(cursor);
    items += page.items.length;
    if (items > bounds.maxItems) throw new ResponseTooLargeError('maxItems', bounds.maxItems);
    yield* page.items;
    const next = page.nextCursor;
    if (next === undefined) return;
    // A digest, not the cursor: thousands of long cursors would otherwise be kept for the whole listing.
    const key = createHash('sha256').update(next).digest('base64');
    if (seen.has(key) || next === first) {
      throw new ResponseFormatError('the MCP server sent a cursor it had sent before (the listing goes in circles)', {
        field: 'nextCursor',
      });
    }
    seen.add(key);
    cursor = next;
  }
}
