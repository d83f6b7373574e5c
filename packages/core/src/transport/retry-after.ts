type HeaderValue = string | string[] | undefined;

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A delay longer than anything could wait (hundreds of digits, a date centuries ahead) is this, never `Infinity`,
 * so a retry layer compares it with its bounds and gives up at once instead of dropping it.
 */
export const UNWAITABLE_MS = Number.MAX_SAFE_INTEGER;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = `(${MONTHS.join('|')})`;
const time = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 §5.6.7: IMF-fixdate, then the two obsolete forms a recipient must still accept.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${month} (\\d{4}) ${time} GMT$`);
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${month}-(\\d{2}) ${time} GMT$`,
);
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} ( \\d|\\d{2}) ${time} (\\d{4})$`);

interface DateParts {
  readonly day: string;
  readonly mon: string;
  readonly year: number;
  readonly hms: readonly [string, string, string];
}

function dateParts(text: string, now: number): DateParts | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf !== null) return { day: imf[1]!, mon: imf[2]!, year: Number(imf[3]), hms: [imf[4]!, imf[5]!, imf[6]!] };
  const rfc850 = RFC850_DATE.exec(text);
  if (rfc850 !== null) {
    // A two-digit year more than 50 years ahead is the most recent past year with those digits (§5.6.7).
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(rfc850[3]);
    if (year > thisYear + 50) year -= 100;
    return { day: rfc850[1]!, mon: rfc850[2]!, year, hms: [rfc850[4]!, rfc850[5]!, rfc850[6]!] };
  }
  const asc = ASCTIME_DATE.exec(text);
  if (asc !== null) {
    return { day: asc[2]!.trim(), mon: asc[1]!, year: Number(asc[6]), hms: [asc[3]!, asc[4]!, asc[5]!] };
  }
  return undefined;
}

/** Epoch ms of an HTTP-date (RFC 9110 §5.6.7), or undefined when it is not exactly one. */
export function parseHttpDate(text: string, now = Date.now()): number | undefined {
  const parts = dateParts(text, now);
  if (parts === undefined) return undefined;
  const { day, mon, year, hms } = parts;
  const [h, min, s] = hms.map(Number) as [number, number, number];
  const d = Number(day);
  const monthIndex = MONTHS.indexOf(mon);
  if (h > 23 || min > 59 || s > 60 || d < 1) return undefined;
  // A leap second (60) is read as the next second.
  const at = Date.UTC(year, monthIndex, d, h, min, 0) + s * 1000;
  // Date.UTC rolls 31 Feb over into March: such a day is not a date.
  if (new Date(Date.UTC(year, monthIndex, d)).getUTCDate() !== d) return undefined;
  return at;
}

function secondsToMs(digits: string): number {
  // Past 15 digits the product is no longer exact; such a wait is unwaitable anyway.
  if (digits.length > 15) return UNWAITABLE_MS;
  return Math.min(Number(digits) * 1000, UNWAITABLE_MS);
}

/**
 * The delay a server asked for, in ms. `Retry-After` exactly as RFC 9110 §10.2.3 has it: delay-seconds
 * (`1*DIGIT`) or an HTTP-date; anything else (`-1`, `1.5`, `+5`, `1, 2`, a loose date) is ignored. Without it,
 * `X-RateLimit-Reset` as seconds to wait or, when it looks like one, an epoch time in seconds. Undefined when
 * absent or unreadable; a delay too long to wait is {@link UNWAITABLE_MS}, never `Infinity`.
 */
export function retryAfterMs(headers: Readonly<Record<string, HeaderValue>>, now = Date.now()): number | undefined {
  const retryAfter = first(headers['retry-after'])?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return secondsToMs(retryAfter);
    const date = parseHttpDate(retryAfter, now);
    return date === undefined ? undefined : Math.min(Math.max(0, date - now), UNWAITABLE_MS);
  }
  const reset = first(headers['x-ratelimit-reset'])?.trim();
  if (reset && /^\d{1,15}(\.\d{1,6})?$/.test(reset)) {
    const seconds = Number(reset);
    // Values this large are epoch seconds (GitHub style), smaller ones are a delay in seconds.
    return seconds > 1e9 ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
  }
  if (reset && /^\d{16,}$/.test(reset)) return UNWAITABLE_MS;
  return undefined;
}
