-- device_touch: record that a connection is still alive.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- ARGV[1] connection id
-- Returns 1 when touched (seen = Redis TIME in ms),
--         0 when another connection holds the entry: the caller was replaced (heals a lost kick),
--        -1 when there is no entry (Redis lost it or a sweeper removed it): the caller may reclaim.
local held = redis.call('HGET', KEYS[1], 'conn')
if not held then
  return -1
end
if held ~= ARGV[1] then
  return 0
end
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'seen', string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
return 1
