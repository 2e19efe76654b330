/**
 * The Lua script behind `RedisRateLimiter`. It runs atomically inside Redis, so any number of
 * replicas sharing one Redis together admit at most the limit per window.
 *
 * One hash per client key (fields i = window index, c = current count, p = previous count), so the
 * script touches only the key it declares (Cluster-safe) and a single PEXPIRE bounds its life.
 * Time comes from Redis `TIME`, not the callers' clocks, so replicas with skewed clocks still share
 * the same windows (Redis 5+ replicates script effects, which makes TIME allowed before writes).
 *
 * KEYS[1] the client key; ARGV: windowMs, limit, sliding (1/0), cost.
 * Returns { allowed (1/0), current count, previous count, elapsed ms into the window }.
 */
export const RATE_LIMIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local sliding = ARGV[3] == '1'
local cost = tonumber(ARGV[4])
local index = math.floor(now / window)
local elapsed = now - index * window
local v = redis.call('HMGET', KEYS[1], 'i', 'c', 'p')
local stored = tonumber(v[1])
local current = tonumber(v[2]) or 0
local previous = tonumber(v[3]) or 0
if stored ~= index then
  if stored == index - 1 then previous = current else previous = 0 end
  current = 0
end
local used = current
if sliding and previous > 0 then used = previous * (window - elapsed) / window + current end
local allowed = 0
if used + cost <= limit then
  allowed = 1
  current = current + cost
end
if allowed == 1 or stored ~= index then
  redis.call('HSET', KEYS[1], 'i', index, 'c', current, 'p', previous)
  redis.call('PEXPIRE', KEYS[1], window * 2)
end
return { allowed, current, previous, elapsed }
`;
