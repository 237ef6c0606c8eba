-- device_sweep: delete a device's entry only if it is owned by the given (dead) instance.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- ARGV[1] instance id judged dead
-- Returns {1, conn, epoch} when deleted, {0} when absent or owned by another instance: an entry
-- that a live instance claimed or reclaimed meanwhile is never swept.
local held = redis.call('HMGET', KEYS[1], 'inst', 'conn', 'epoch')
if held[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {1, held[2] or '', held[3] or '0'}
end
return {0}
