-- device_touch: record that a connection is still alive.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- ARGV[1] connection id
-- ARGV[2] the connection's epoch (from its claim or last reclaim)
-- Returns 1 when touched (seen = Redis TIME in ms),
--         0 when a NEWER connection holds the entry (higher epoch): the caller was replaced
--           (heals a lost kick),
--        -1 when there is no entry (Redis lost it or a sweeper removed it): the caller may reclaim,
--        -2 when an OLDER connection holds it (a restore from an older snapshot or a failover that
--           lost writes brought it back): the caller re-asserts its entry by reclaiming.
local held = redis.call('HMGET', KEYS[1], 'conn', 'epoch')
if not held[1] then
  return -1
end
if held[1] ~= ARGV[1] then
  if tonumber(held[2] or '0') >= tonumber(ARGV[2]) then
    return 0
  end
  return -2
end
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'seen', string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
return 1
