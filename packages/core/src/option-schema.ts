import { defaultPagination } from './client/pagination.js';
import { countOption, msOption } from './option-spec.js';
import { DEFAULT_MAX_REQUEST_BYTES } from './request/json-body.js';

/**
 * Core's own options (transport, deadline, bulkhead, pagination) as the preset exposes them: bounds, defaults and a
 * line of docs each. Defaults are core's; the preset states where it picks another and why.
 */
export const transportOptionSchema = {
  attemptTimeoutMs: msOption('Longest single attempt.', 5_000),
  connectTimeoutMs: msOption('Longest TCP + TLS connect.', 5_000),
  connections: countOption('connections', 'Connections per origin.', 32, { min: 1, max: 10_000 }),
  pipelining: countOption('requests', 'Requests pipelined per connection.', 1, { min: 1, max: 100 }),
  keepAliveTimeoutMs: msOption('Idle time before a socket is closed; below common server idle timeouts.', 4_000),
  maxResponseBytes: countOption('bytes', 'Largest response body read.', 10 * 1024 * 1024, { min: 1, max: 2 ** 31 }),
  maxRequestBytes: countOption('bytes', 'Largest request body (serialised JSON) sent.', DEFAULT_MAX_REQUEST_BYTES, {
    min: 1,
    max: 2 ** 31,
  }),
} as const;

export const deadlineOptionSchema = {
  totalMs: msOption("Longest call, retries and backoff included; a call's own `timeoutMs` wins.", 15_000, {
    orOff: true,
  }),
} as const;

export const concurrencyLimitOptionSchema = {
  maxConcurrent: countOption('calls', 'Calls sent at once (bulkhead).', 256, { min: 1, max: 1_000_000 }),
  maxQueue: countOption('calls', 'Calls waiting for a slot; one more is refused with `QueueFullError`.', 1_024, {
    min: 0,
    max: 10_000_000,
  }),
  queueTimeoutMs: msOption("Longest wait for a slot; default: until the call's deadline.", undefined),
} as const;

export const paginationOptionSchema = {
  pageSize: countOption('items', 'Items asked for per page.', defaultPagination.pageSize, { min: 1, max: 1_000 }),
  maxPages: countOption('pages', 'Pages one listing may take.', defaultPagination.maxPages, {
    min: 1,
    max: 10_000_000,
  }),
  maxItems: countOption('items', 'Items one listing may hold.', defaultPagination.maxItems, {
    min: 1,
    max: 1_000_000_000,
  }),
  concurrency: countOption('pages', 'Pages fetched at once once the total is known.', defaultPagination.concurrency, {
    min: 1,
    max: 64,
  }),
} as const;
