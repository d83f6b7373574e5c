/**
 * Lua scripts, one round trip each. Every key lives under `<ns>:<generation>:`; the generation counter
 * (`<ns>:gen`) is read inside the script, so a clear from any process (INCR) hides every older entry at once,
 * and the old ones simply expire. Keys are built inside the scripts, so this needs a single Redis (or a primary
 * with replicas), not Redis Cluster. Every write publishes on `<ns>:invalidate` so in-process L1 caches of other
 * processes drop what changed.
 */
export const redisScripts = {
  // ARGV ns, key
  mcpgwGet: inGeneration(`return redis.call('GET', ARGV[1] .. ':' .. g .. ':e:' .. ARGV[2])`),
  // ARGV ns, channel, message, key, value, ttlMs, tags...
  mcpgwSet: publishing(
    `
local prefix = ARGV[1] .. ':' .. g
local k = prefix .. ':e:' .. ARGV[4]
local ttl = tonumber(ARGV[6])
redis.call('SET', k, ARGV[5], 'PX', ttl)
for i = 7, #ARGV do
  local t = prefix .. ':t:' .. ARGV[i]
  redis.call('SADD', t, k)
  if redis.call('PTTL', t) < ttl then redis.call('PEXPIRE', t, ttl) end
end`,
    '1',
  ),
  // ARGV ns, channel, message, key
  mcpgwDelete: publishing(`redis.call('DEL', ARGV[1] .. ':' .. g .. ':e:' .. ARGV[4])`, '1'),
  // ARGV ns, channel, message, tag
  mcpgwDeleteByTag: publishing(
    `
local t = ARGV[1] .. ':' .. g .. ':t:' .. ARGV[4]
local keys = redis.call('SMEMBERS', t)
for i = 1, #keys, 500 do
  redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
end
redis.call('DEL', t)`,
    '#keys',
  ),
  // KEYS[1] gen key; ARGV channel, message
  mcpgwClear: {
    numberOfKeys: 1,
    lua: `
local g = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return g`,
  },
} as const;

interface ScriptDefinition {
  readonly numberOfKeys: number;
  readonly lua: string;
}

/** A script whose single key (KEYS[1]) is the generation counter: `g` holds the generation before `body` runs. */
function inGeneration(body: string): ScriptDefinition {
  return { numberOfKeys: 1, lua: `\nlocal g = redis.call('GET', KEYS[1]) or '0'\n${body.trimStart()}` };
}

/** A write: `body` in the generation, then the invalidation published (ARGV[2] channel, ARGV[3] message). */
function publishing(body: string, result: string): ScriptDefinition {
  return inGeneration(`${body.trimStart()}\nredis.call('PUBLISH', ARGV[2], ARGV[3])\nreturn ${result}`);
}

type ScriptResult = Promise<unknown>;

/** The client once the scripts are defined on it (ioredis adds one method per script). */
export interface ScriptedCommands {
  mcpgwGet(genKey: string, ns: string, key: string): Promise<string | null>;
  mcpgwSet(
    genKey: string,
    ns: string,
    channel: string,
    message: string,
    key: string,
    value: string,
    ttlMs: number,
    ...tags: string[]
  ): ScriptResult;
  mcpgwDelete(genKey: string, ns: string, channel: string, message: string, key: string): ScriptResult;
  mcpgwDeleteByTag(genKey: string, ns: string, channel: string, message: string, tag: string): ScriptResult;
  mcpgwClear(genKey: string, channel: string, message: string): ScriptResult;
}
