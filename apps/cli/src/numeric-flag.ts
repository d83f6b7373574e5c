import { UsageError } from './usage-error.js';

/** An integer flag within bounds, or undefined when absent; anything else is a usage error. */
export function integerFlag(
  value: string | boolean | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}`);
  }
  return n;
}

export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration flag such as `500ms`, `5s`, `2m`, `1h`, in ms within bounds; undefined when absent. */
export function durationFlag(
  value: string | boolean | undefined,
  flag: string,
  minMs: number,
  maxMs: number,
): number | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim()) : null;
  const ms = match === null ? Number.NaN : Number(match[1]) * (unitMs[match[2] as string] as number);
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) {
    throw new UsageError(
      `--${flag} must be a duration from ${minMs} ms to ${maxMs / 60_000} min, such as 500ms, 5s, 2m`,
    );
  }
  return ms;
}
