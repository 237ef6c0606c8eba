-- outbox_ack: a connection acknowledges every durable message up to and including a seq.
-- KEYS[1] device hash                 (<prefix>dev:{<device>}): read only, who owns the device
-- KEYS[2] outbox stream               (<prefix>out:{<device>})
-- KEYS[3] acked cursor                (<prefix>out:{<device>}:acked)
-- KEYS[4] outbox meta hash            (<prefix>out:{<device>}:meta)
-- KEYS[5] expiry sorted set           (<prefix>out:{<device>}:expiry)
-- ARGV[1] connection id of the acking socket
-- ARGV[2] that connection's epoch (from its claim or last reclaim)
-- ARGV[3] the acknowledged seq ('<ms>-<n>', canonical)
-- Returns {'acked', seq, entries trimmed}  the cursor moved to seq; entries up to it left the stream
--      or {'unchanged', cursor}            seq is not after the cursor (a repeated ack), or the
--                                          outbox is gone
--      or {'replaced', holder conn, holder epoch} a NEWER connection owns the device (epoch at least
--                                          the caller's): the ack moves nothing
-- Fenced as device_touch and device_reclaim are: the held conn acts; a newer holder refuses; an
-- older holder or a missing entry (a restore or a failover lost it; the caller re-asserts it) acts.
local held = redis.call('HMGET', KEYS[1], 'conn', 'epoch')
if held[1] and held[1] ~= ARGV[1] and tonumber(held[2] or '0') >= tonumber(ARGV[2]) then
  return {'replaced', held[1], held[2] or '0'}
end

-- Compares two stream ids part-wise as unsigned integers (decimal, no leading zeros).
local function number(a, b)
  if #a ~= #b then
    return #a < #b and -1 or 1
  end
  if a == b then
    return 0
  end
  return a < b and -1 or 1
end
local function compare(a, b)
  local am, an = string.match(a, '^(%d+)-(%d+)$')
  local bm, bn = string.match(b, '^(%d+)-(%d+)$')
  local c = number(am, bm)
  if c ~= 0 then
    return c
  end
  return number(an, bn)
end

local cursor = redis.call('GET', KEYS[3]) or '0-0'
local untilMs = redis.call('HGET', KEYS[4], 'until')
if not untilMs or compare(ARGV[3], cursor) <= 0 then
  return {'unchanged', cursor}
end
local freed, trimmed = 0, 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', ARGV[3])) do
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'payload' then
      freed = freed + string.len(fields[i + 1])
    elseif fields[i] == 'id' then
      redis.call('ZREM', KEYS[5], fields[i + 1])
    end
  end
  redis.call('XDEL', KEYS[2], entry[1])
  trimmed = trimmed + 1
end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('PEXPIREAT', KEYS[3], untilMs)
if freed > 0 then
  redis.call('HINCRBY', KEYS[4], 'bytes', -freed)
end
return {'acked', ARGV[3], string.format('%d', trimmed)}
