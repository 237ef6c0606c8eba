-- instance_heartbeat: renew an edge instance's lease with Redis's clock, never the pod's.
-- KEYS[1] instances sorted set         (<prefix>instances)
-- ARGV[1] instance id
-- Returns the heartbeat time in ms (Redis TIME).
local now = redis.call('TIME')
local nowMs = string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
redis.call('ZADD', KEYS[1], nowMs, ARGV[1])
return nowMs
