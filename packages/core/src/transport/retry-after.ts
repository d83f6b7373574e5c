type HeaderValue = string | string[] | undefined;

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The delay a server asked for, in ms: `Retry-After` as seconds or an HTTP date, else `X-RateLimit-Reset` as
 * seconds to wait or, when it looks like one, an epoch time in seconds. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Readonly<Record<string, HeaderValue>>, now = Date.now()): number | undefined {
  const retryAfter = first(headers['retry-after'])?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
    return undefined;
  }
  const reset = first(headers['x-ratelimit-reset'])?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const seconds = Number(reset);
    // Values this large are epoch seconds (GitHub style), smaller ones are a delay in seconds.
    return seconds > 1e9 ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
  }
  return undefined;
}
