import type { TransportOptions } from '@mcpgw/core';
import type { LoggingOptions } from '@mcpgw/logging';
import { z } from 'zod';

// Interfaces, not aliases: a declaration refers to an interface by name, where an alias of pino's or undici's types
// would be spelled out through another package's node_modules.
/** A pino logger. */
export interface PresetLogger extends NonNullable<LoggingOptions['logger']> {}
/** An undici `Dispatcher`. */
export interface PresetDispatcher extends NonNullable<TransportOptions['dispatcher']> {}
export type PresetLogLevel = NonNullable<LoggingOptions['level']>;

/** An object with the given methods: a dependency the user brings (a registry, a logger, a store). */
export const withMethods = <T extends object>(what: string, methods: string[]) =>
  z.custom<T>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function'),
    { error: `must be ${what} (an object with ${methods.join(', ')})` },
  );

/**
 * The schema checks what the preset can check of an object a layer defines (its URL, its bounds); its type is the
 * layer's own, so the preset does not write a second one.
 */
export const typedAs = <T>(schema: z.ZodType) => schema as unknown as z.ZodType<T, T>;
