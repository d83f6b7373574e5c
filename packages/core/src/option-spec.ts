import type { ConfigIssue } from './errors/config-error.js';
import { MAX_TIMEOUT_MS } from './resilience/timeout-option.js';

/**
 * One numeric option of a layer: its bounds, its default and a line of docs. A layer exports these in its
 * `option-schema.ts`; its own check, the preset's schema, `configFromEnv()` and the docs' option tables all read the
 * same object, so a bound is written once.
 */
export interface NumberOptionSpec {
  readonly kind: 'number';
  /** Whole numbers only. */
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** The max itself is refused: `max` is a limit approached from below (a percentage under 100). */
  readonly belowMax?: boolean;
  /** What is counted, plural: `milliseconds`, `bytes`, `attempts`. */
  readonly unit: string;
  /** `false` is accepted too, and turns the feature off. */
  readonly orOff?: boolean;
  /** Undefined when the option has no fixed default (e.g. "until the call's deadline"). */
  readonly default?: number | false;
  readonly doc: string;
}

export interface BooleanOptionSpec {
  readonly kind: 'boolean';
  readonly default?: boolean;
  readonly doc: string;
}

export type OptionSpec = NumberOptionSpec | BooleanOptionSpec;

/** A layer's options, by name. */
export type OptionSchema = { readonly [name: string]: OptionSpec };

interface Bounds<O extends boolean> {
  readonly min?: number;
  readonly max?: number;
  readonly orOff?: O;
}

/**
 * A duration in whole milliseconds, 1 (or `min`) up to setTimeout's limit: a longer timer would fire at once.
 */
export function msOption<const D extends number | false | undefined, const O extends boolean = false>(
  doc: string,
  defaultMs: D,
  bounds: Bounds<O> = {},
): NumberOptionSpec & { readonly default: D } & (O extends true ? { readonly orOff: true } : unknown) {
  return {
    kind: 'number',
    integer: true,
    min: bounds.min ?? 1,
    max: bounds.max ?? MAX_TIMEOUT_MS,
    unit: 'milliseconds',
    ...(bounds.orOff === true ? { orOff: true } : {}),
    default: defaultMs,
    doc,
  } as NumberOptionSpec & { readonly default: D } & (O extends true ? { readonly orOff: true } : unknown);
}

/** A whole number of `unit` from `min` to `max` (default 2^31 - 1, the largest a 32-bit counter holds). */
export function countOption<const D extends number | undefined>(
  unit: string,
  doc: string,
  defaultValue: D,
  bounds: { readonly min: number; readonly max?: number },
): NumberOptionSpec & { readonly default: D } {
  const max = bounds.max ?? MAX_TIMEOUT_MS;
  return { kind: 'number', integer: true, min: bounds.min, max, unit, default: defaultValue, doc };
}

/** Any finite number from `min` to `max` (`belowMax`: up to, not including, `max`). */
export function numberOption<const D extends number | undefined>(
  unit: string,
  doc: string,
  defaultValue: D,
  bounds: { readonly min: number; readonly max: number; readonly belowMax?: boolean },
): NumberOptionSpec & { readonly default: D } {
  return {
    kind: 'number',
    integer: false,
    min: bounds.min,
    max: bounds.max,
    ...(bounds.belowMax === true ? { belowMax: true } : {}),
    unit,
    default: defaultValue,
    doc,
  };
}

export function booleanOption<const D extends boolean | undefined>(
  doc: string,
  defaultValue: D,
): BooleanOptionSpec & { readonly default: D } {
  return { kind: 'boolean', default: defaultValue, doc };
}

/** Whether a spec's max is only setTimeout's (or a 32-bit counter's) limit: "no limit" to a reader. */
export function isUnbounded(spec: NumberOptionSpec): boolean {
  return spec.max >= MAX_TIMEOUT_MS && spec.belowMax !== true;
}

/**
 * What a spec accepts, in words: `a whole number of attempts >= 1, at most 100`; with `example`, its default is
 * given as one (`, e.g. 3`).
 */
export function expectedBy(spec: OptionSpec, example = false): string {
  if (spec.kind === 'boolean') return 'true or false';
  const what = `${spec.integer ? 'a whole number' : 'a number'} of ${spec.unit}`;
  const low = spec.min === 1 && spec.integer && spec.unit === 'milliseconds' ? '> 0' : `>= ${spec.min}`;
  const high = isUnbounded(spec) ? '' : spec.belowMax ? `, below ${spec.max}` : `, at most ${spec.max}`;
  const eg = example && typeof spec.default === 'number' ? `, e.g. ${spec.default}` : '';
  return `${what} ${low}${high}${eg}${spec.orOff ? ', or off' : ''}`;
}

/** Whether `value` is one the spec accepts (undefined is, always: it means the default). */
export function acceptsOption(spec: OptionSpec, value: unknown): boolean {
  if (value === undefined) return true;
  if (spec.kind === 'boolean') return typeof value === 'boolean';
  if (value === false) return spec.orOff === true;
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!spec.integer || Number.isInteger(value)) &&
    value >= spec.min &&
    (spec.belowMax ? value < spec.max : value <= spec.max)
  );
}

/**
 * One issue per option of `schema` that `options` sets to a value the spec refuses; `prefix` names where the
 * options sit (`cache`), so the path reads as the user wrote it (`cache.ttlMs`).
 */
export function optionIssues(
  schema: OptionSchema,
  options: Readonly<Record<string, unknown>>,
  prefix: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const value = options[name];
    if (acceptsOption(spec, value)) continue;
    const shown = typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
    issues.push({ path: `${prefix}.${name}`, message: `must be ${expectedBy(spec)}, got ${shown}` });
  }
  return issues;
}
