-- instance_heartbeat: renew an edge instance's lease with Redis's clock, never the pod's.
-- KEYS[1] instances sorted set         (<prefix>instances)
-- ARGV[1] instance id
-- Returns {heartbeat time in ms (Redis TIME), 1 if the lease was missing (Redis lost its data, or a
-- sweeper removed the instance) else 0}: a missing lease tells the edge to re-register and reclaim.
local now = redis.call('TIME')
local nowMs = string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
local added = redis.call('ZADD', KEYS[1], nowMs, ARGV[1])
return {nowMs, added}
