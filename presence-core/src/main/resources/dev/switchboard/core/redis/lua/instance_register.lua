-- instance_register: write (or re-write, after a Redis outage) an edge instance's owner record.
-- KEYS[1] instance hash                (<prefix>inst:{<inst>})
-- ARGV[1] pod name
-- ARGV[2] pod UID
-- ARGV[3] node name
-- ARGV[4] application version
-- Every registration also raises the record's 'gen' by one, so that instance_forget can tell a
-- record written again by a returning edge from the one a sweeper judged.
-- Returns the instance's start time in ms (Redis TIME), kept from the first registration.
local now = redis.call('TIME')
local nowMs = string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
redis.call('HSET', KEYS[1], 'pod', ARGV[1], 'podUid', ARGV[2], 'node', ARGV[3], 'version', ARGV[4])
redis.call('HSETNX', KEYS[1], 'started', nowMs)
redis.call('HINCRBY', KEYS[1], 'gen', 1)
return redis.call('HGET', KEYS[1], 'started')
