export { decodeEntry, encodeEntry } from './entry-codec.js';
export { redisL1OptionSchema } from './option-schema.js';
export {
  type RedisL1Options,
  type RedisStore,
  type RedisStoreOptions,
  type RedisStoreStats,
  redisStore,
} from './redis-store.js';
export { RedisStoreError } from './redis-store-error.js';
