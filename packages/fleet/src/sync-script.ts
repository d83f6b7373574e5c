/**
 * One sync of one process is this one Lua script, so it is atomic against every other process's: it books the
 * process's counts, hands out a grant of retries from what the fleet has left, records circuits it opened and reads
 * the circuits open fleet-wide. Time is Redis's own (`TIME`), so the processes' clocks never need to agree. Keys are
 * built inside the script from the prefix: this needs one Redis (or a primary with replicas), not Redis Cluster, and
 * Redis >= 6.2 (`ZADD GT`).
 *
 * Keys under `<prefix>`: `:members` (zset: process id → last sync), `:open` (zset: upstream → end of its open spell),
 * `:budget:<slot>` (hash: `r` requests and `t` retries booked in that slot of the window, expiring after the window).
 *
 * ARGV: 1 prefix, 2 process id, 3 member ttl ms, 4 budget on (1/0), 5 slot ms, 6 slots, 7 reserve, 8 ratio,
 * 9 requests, 10 retries spent, 11 grant returned, 12 its slot, 13 grant wanted, 14 most upstreams read,
 * 15.. pairs of upstream and ms it opened for.
 * Reply: members, window requests, window retries (grants included), grant, grant slot, then pairs of upstream and
 * ms it stays open, longest first.
 */
export const syncScript = `
local p = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local members = p .. ':members'
local ttl = tonumber(ARGV[3])
redis.call('ZADD', members, now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', members, '-inf', now - ttl)
redis.call('PEXPIRE', members, ttl)
local n = redis.call('ZCARD', members)

local open = p .. ':open'
for i = 15, #ARGV, 2 do
  redis.call('ZADD', open, 'GT', now + tonumber(ARGV[i + 1]), ARGV[i])
end
redis.call('ZREMRANGEBYSCORE', open, '-inf', now)

local reply = { n, 0, 0, 0, 0 }
if ARGV[4] == '1' then
  local slotMs = tonumber(ARGV[5])
  local slots = tonumber(ARGV[6])
  local slot = math.floor(now / slotMs)
  local key = p .. ':budget:' .. slot
  local returned = tonumber(ARGV[11])
  if returned > 0 then
    local granted = p .. ':budget:' .. ARGV[12]
    if redis.call('EXISTS', granted) == 1 then redis.call('HINCRBY', granted, 't', -returned) end
  end
  redis.call('HINCRBY', key, 'r', ARGV[9])
  redis.call('HINCRBY', key, 't', ARGV[10])
  redis.call('PEXPIRE', key, slotMs * (slots + 1))
  local requests = 0
  local retries = 0
  for s = slot - slots + 1, slot do
    local v = redis.call('HMGET', p .. ':budget:' .. s, 'r', 't')
    requests = requests + (tonumber(v[1]) or 0)
    retries = retries + (tonumber(v[2]) or 0)
  end
  local available = math.floor(tonumber(ARGV[7]) + tonumber(ARGV[8]) * requests) - retries
  local grant = math.min(tonumber(ARGV[13]), available, math.ceil(available / n))
  if grant > 0 then
    redis.call('HINCRBY', key, 't', grant)
    retries = retries + grant
  else
    grant = 0
  end
  reply = { n, requests, retries, grant, slot }
end

-- Longest-held first, so a bound on what is read drops the spells that end soonest.
local list = redis.call('ZRANGE', open, 0, tonumber(ARGV[14]) - 1, 'REV', 'WITHSCORES')
for i = 1, #list, 2 do
  reply[#reply + 1] = list[i]
  reply[#reply + 1] = tonumber(list[i + 1]) - now
end
if #list >= 2 then redis.call('PEXPIREAT', open, list[2]) end
return reply
`;
