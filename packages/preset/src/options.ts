import type { z } from 'zod';
import type { optionsSchema } from './options-schema.js';

/**
 * Options of `createGatewayClient()`: the input type of the option schema, so the type and the checks cannot
 * drift. Every layer's option takes `false` to leave the layer out.
 */
export type CreateGatewayClientOptions = z.input<typeof optionsSchema>;

/** The options object of a layer that also takes `false`. */
type LayerOptions<K extends keyof CreateGatewayClientOptions> = Exclude<
  NonNullable<CreateGatewayClientOptions[K]>,
  false
>;

export type TimeoutOptions = NonNullable<CreateGatewayClientOptions['timeouts']>;
export type PoolOptions = NonNullable<CreateGatewayClientOptions['pool']>;
export type LimitOptions = NonNullable<CreateGatewayClientOptions['limits']>;
export type PresetRetryOptions = LayerOptions<'retry'>;
export type PresetBreakerOptions = LayerOptions<'breaker'>;
export type PresetHedgeOptions = Exclude<NonNullable<CreateGatewayClientOptions['hedge']>, boolean>;
export type PresetCacheOptions = LayerOptions<'cache'>;
export type RedisOptions = Exclude<NonNullable<PresetCacheOptions['redis']>, string>;
export type PresetLoggingOptions = NonNullable<CreateGatewayClientOptions['logging']>;
export type HealthOptions = NonNullable<CreateGatewayClientOptions['health']>;
