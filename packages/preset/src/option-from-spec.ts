import { type BooleanOptionSpec, isUnbounded, type NumberOptionSpec } from '@mcpgw/core/kit';
import { z } from 'zod';

type NumberSchema<S extends NumberOptionSpec> = S extends { readonly orOff: true }
  ? z.ZodOptional<z.ZodUnion<[z.ZodLiteral<false>, z.ZodNumber]>>
  : z.ZodOptional<z.ZodNumber>;

/**
 * The zod schema of one option from its layer's spec, with messages that say what to write (`must be > 0
 * milliseconds, e.g. 5000`), the example being the default.
 */
export function optionFromSpec(spec: BooleanOptionSpec): z.ZodOptional<z.ZodBoolean>;
export function optionFromSpec<S extends NumberOptionSpec>(spec: S): NumberSchema<S>;
export function optionFromSpec(spec: NumberOptionSpec | BooleanOptionSpec): z.ZodOptional<z.ZodType> {
  if (spec.kind === 'boolean') return z.boolean({ error: 'must be true or false' }).optional();
  const number = spec.unit === 'milliseconds' ? milliseconds(spec) : spec.integer ? count(spec) : fraction(spec);
  if (spec.orOff !== true) return number.optional();
  return z
    .union([z.literal(false), number], { error: `must be a number of ${spec.unit}, e.g. ${example(spec)}, or false` })
    .optional();
}

function example(spec: NumberOptionSpec): number {
  return typeof spec.default === 'number' ? spec.default : Math.max(spec.min, 1_000);
}

function milliseconds(spec: NumberOptionSpec): z.ZodNumber {
  const e = example(spec);
  const off = spec.orOff === true ? ' (0 or false turns it off)' : '';
  const low = spec.min === 1 ? '> 0' : `>= ${spec.min}`;
  const high = isUnbounded(spec) ? `${spec.max} ms (about 24.8 days)` : `${spec.max} ms`;
  return z
    .number({ error: `must be a number of milliseconds${off}, e.g. ${e}` })
    .int({ error: `must be a whole number of milliseconds, e.g. ${e}` })
    .min(spec.min, { error: `must be ${low} milliseconds${off}, e.g. ${e}` })
    .max(spec.max, { error: `must be at most ${high}` });
}

function count(spec: NumberOptionSpec): z.ZodNumber {
  const e = example(spec);
  const range = isUnbounded(spec) ? `>= ${spec.min}` : `from ${spec.min} to ${spec.max}`;
  return z
    .number({ error: `must be a whole number ${range}, e.g. ${e}` })
    .int({ error: `must be a whole number ${range}, e.g. ${e}` })
    .min(spec.min, { error: `must be at least ${spec.min}, e.g. ${e}` })
    .max(spec.max, { error: `must be at most ${spec.max}` });
}

function fraction(spec: NumberOptionSpec): z.ZodNumber {
  const top = spec.belowMax === true ? `below ${spec.max}` : `${spec.max}`;
  const message = `must be a number of ${spec.unit} from ${spec.min} to ${top}, e.g. ${example(spec)}`;
  const base = z.number({ error: message }).min(spec.min, { error: message });
  return spec.belowMax === true ? base.lt(spec.max, { error: message }) : base.max(spec.max, { error: message });
}
