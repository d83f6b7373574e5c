import { GatewayError } from '../errors/gateway-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { scheduleTimeout } from '../resilience/timeout-queues.js';

/** One page as the gateway sent it. */
export interface RawPage<T> {
  readonly items: T[];
  readonly total: number | undefined;
  readonly next_offset: number | null | undefined;
}

/** One page as the client returns it: `nextOffset` is undefined on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly total?: number;
  readonly nextOffset?: number;
}

export interface PaginationOptions {
  /** Items asked for per page (1..1000). Default 100. */
  pageSize: number;
  /** Most pages one listing may fetch. Default 10,000. */
  maxPages: number;
  /** Most items one listing may return. Default 1,000,000. */
  maxItems: number;
  /** Pages fetched at once when the gateway sends `total`. Default 6, a browser's per-host connection count. */
  concurrency: number;
}

export const defaultPagination: PaginationOptions = {
  pageSize: 100,
  maxPages: 10_000,
  maxItems: 1_000_000,
  concurrency: 6,
};

/** Where the next page starts, by `next_offset`, else `total`, else a short page; undefined on the last page. */
export function nextOffsetOf(page: RawPage<unknown>, offset: number, limit: number): number | undefined {
  if (page.next_offset !== undefined) return page.next_offset === null ? undefined : page.next_offset;
  const end = offset + page.items.length;
  if (page.total !== undefined) return end < page.total && page.items.length > 0 ? end : undefined;
  return page.items.length < limit || page.items.length === 0 ? undefined : end;
}

export function toPage<T>(page: RawPage<T>, offset: number, limit: number): Page<T> {
  const nextOffset = nextOffsetOf(page, offset, limit);
  const out: { items: T[]; total?: number; nextOffset?: number } = { items: page.items };
  if (page.total !== undefined) out.total = page.total;
  if (nextOffset !== undefined) out.nextOffset = nextOffset;
  return out;
}

/**
 * Checks a page against the listing's bounds while its answer is decoded, inside the page's own operation: a page
 * that breaks one fails there as `ResponseTooLargeError`, so its metrics, log line and span show the failure (and no
 * cache keeps the page). The listing checks again when it counts the page, which also covers a page a cache answered.
 */
export type PageCheck = (items: number, total: number | undefined) => void;

/** `timeoutMs` is what is left of the listing's own timeout, when it has one. */
type FetchPage<T> = (
  offset: number,
  limit: number,
  signal: AbortSignal,
  timeoutMs: number | undefined,
  check: PageCheck,
) => Promise<RawPage<T>>;

/** The listing's operation and its overall timeout, which bounds every page together. */
export interface ListingBounds {
  readonly operation: string;
  readonly timeoutMs: number | undefined;
}

/**
 * Every item of a paged listing, in order. Bounded by `maxPages` and `maxItems`; a gateway that sends the same
 * page again (or an offset that does not move forward) ends it with a `ResponseFormatError`. When the first page
 * tells `total`, the remaining pages are fetched `concurrency` at a time while items are still yielded in order.
 * Nothing the gateway sends (`total`, `next_offset`) sizes an allocation or a loop before it is checked against
 * `maxPages` and `maxItems`: a first page promising more fails at once. `timeoutMs` bounds the whole listing, from
 * the first page to the last (a `TimeoutError` of phase `deadline`), however many pages it takes.
 */
export async function* paginate<T>(
  fetchPage: FetchPage<T>,
  identity: (item: T) => string,
  options: PaginationOptions,
  callerSignal: AbortSignal | undefined,
  bounds: ListingBounds = { operation: 'listing', timeoutMs: undefined },
): AsyncGenerator<T, void, undefined> {
  const controller = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  const { timeoutMs } = bounds;
  const endsAt = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  const expired = (context?: { requestId: string | undefined; attempts: number }) =>
    new TimeoutError('deadline', timeoutMs!, { operation: bounds.operation, ...context });
  const cancelTimeout =
    timeoutMs === undefined ? undefined : scheduleTimeout(timeoutMs, () => controller.abort(expired()));
  // A page ended by the listing's deadline reports that deadline (its `timeoutMs`), not whatever a layer below made
  // of the abort or of the shorter timeout the page was given (it may fire a moment before the listing's own timer).
  const page$ = async (offset: number, limit: number, check: PageCheck = later): Promise<RawPage<T>> => {
    const left = endsAt === undefined ? undefined : Math.max(1, Math.ceil(endsAt - performance.now()));
    try {
      return await fetchPage(offset, limit, signal, left, check);
    } catch (error) {
      if (callerSignal?.aborted || endsAt === undefined) throw error;
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason instanceof GatewayError) throw reason;
      if (error instanceof TimeoutError && error.phase === 'deadline' && performance.now() >= endsAt - 1) {
        throw expired({ requestId: error.requestId, attempts: error.attempts });
      }
      throw error;
    }
  };
  let pages = 0;
  let items = 0;
  // Pages fetched ahead are counted in order as they are yielded; their decode checks only what one page can break.
  const later: PageCheck = (n) => {
    if (n > options.maxItems - items) throw new ResponseTooLargeError('maxItems', options.maxItems);
  };
  const first: PageCheck = (n, total) => {
    if (n > options.maxItems || (total !== undefined && total > options.maxItems)) {
      throw new ResponseTooLargeError('maxItems', options.maxItems);
    }
  };
  const count = (page: RawPage<T>) => {
    if (++pages > options.maxPages) throw new ResponseTooLargeError('maxPages', options.maxPages);
    items += page.items.length;
    if (items > options.maxItems) throw new ResponseTooLargeError('maxItems', options.maxItems);
  };
  const sameAs = (a: RawPage<T>, b: RawPage<T>) =>
    a.items.length > 0 &&
    a.items.length === b.items.length &&
    identity(a.items[0]!) === identity(b.items[0]!) &&
    identity(a.items[a.items.length - 1]!) === identity(b.items[b.items.length - 1]!);
  const repeated = (offset: number) =>
    new ResponseFormatError(`the gateway sent the same page again at offset ${offset}; stopping the listing`, {
      field: 'next_offset',
    });

  try {
    const limit = options.pageSize;
    let offset = 0;
    let page = await page$(offset, limit, first);
    count(page);
    if (page.total !== undefined && page.total > options.maxItems) {
      throw new ResponseTooLargeError('maxItems', options.maxItems);
    }
    yield* page.items;
    const step = page.items.length;
    const prefetch =
      page.total !== undefined &&
      step > 0 &&
      (page.next_offset === undefined || page.next_offset === step) &&
      options.concurrency > 1;

    if (prefetch) {
      // Offsets step, 2·step, ... below total, made one at a time: their count is checked, never allocated.
      const remaining = Math.ceil((page.total! - step) / step);
      if (remaining + 1 > options.maxPages) throw new ResponseTooLargeError('maxPages', options.maxPages);
      const inFlight: Array<{ offset: number; page: Promise<RawPage<T>> }> = [];
      let next = 0;
      const launch = () => {
        const at = step * ++next;
        const p = page$(at, step);
        // Rejections are observed when this page's turn comes; until then they must not count as unhandled.
        p.catch(() => {});
        inFlight.push({ offset: at, page: p });
      };
      while (next < remaining && inFlight.length < options.concurrency) launch();
      let previous = page;
      while (inFlight.length > 0) {
        const { offset: at, page: pending } = inFlight.shift()!;
        const current = await pending;
        if (next < remaining) launch();
        if (current.items.length === 0) break; // the listing shrank since the first page
        if (sameAs(current, previous)) throw repeated(at);
        count(current);
        yield* current.items;
        previous = current;
      }
      return;
    }

    let nextOffset = nextOffsetOf(page, offset, limit);
    while (nextOffset !== undefined) {
      if (nextOffset <= offset) throw repeated(nextOffset);
      const previous = page;
      offset = nextOffset;
      page = await page$(offset, limit);
      if (sameAs(page, previous)) throw repeated(offset);
      count(page);
      yield* page.items;
      nextOffset = nextOffsetOf(page, offset, limit);
    }
  } finally {
    cancelTimeout?.();
    controller.abort();
  }
}
