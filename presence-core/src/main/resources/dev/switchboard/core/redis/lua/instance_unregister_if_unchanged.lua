-- instance_unregister_if_unchanged: remove an instance's lease only if it has not moved since the
-- sweeper's verdict, so that an edge which came back (healed partition, long pause) keeps it.
-- KEYS[1] instances sorted set         (<prefix>instances)
-- ARGV[1] instance id
-- ARGV[2] the heartbeat (ms, the lease's score) the verdict was made on
-- Returns 1 when the lease was removed, 0 when it moved (the instance is alive), -1 when it is
-- already gone (another sweeper, or the instance's own unregister).
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then
  return -1
end
if tonumber(score) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
