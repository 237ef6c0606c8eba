-- device_reclaim: after a Redis outage, a sweep or a restore, re-assert an entry for a socket that is
-- still open. Decided by epoch, not by conn alone: only a NEWER connection makes the caller yield.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- ARGV[1] connection id
-- ARGV[2] owner instance id
-- ARGV[3] owner pod name
-- ARGV[4] owner pod UID
-- ARGV[5] owner node name
-- ARGV[6] remote address of the socket
-- ARGV[7] meta JSON, '' for none
-- ARGV[8] when the socket opened, ms since the epoch ('' = now)
-- ARGV[9] the connection's epoch (from its claim or last reclaim)
-- Returns {'recreated', epoch}        the entry was absent and now belongs to the caller again,
--                                     under the caller's epoch + 1
--      or {'kept', epoch}             the caller still owned it; owner fields and seen refreshed
--      or {'taken', conn, inst, epoch} a newer connection holds it: the caller must close its socket
--      or {'reasserted', epoch, conn, inst} an older connection held it (restored from an older
--                                     snapshot); the caller owns it again, that one is replaced
-- A re-assert's new epoch is max(held epoch + 1, Redis TIME in µs).
local now = redis.call('TIME')
local nowUs = tonumber(now[1]) * 1000000 + tonumber(now[2])
local nowMs = string.format('%d', math.floor(nowUs / 1000))

local held = redis.call('HMGET', KEYS[1], 'conn', 'inst', 'epoch')
local heldEpoch = tonumber(held[3] or '0')
if held[1] then
  if held[1] == ARGV[1] then
    redis.call('HSET', KEYS[1], 'inst', ARGV[2], 'pod', ARGV[3], 'podUid', ARGV[4], 'node', ARGV[5], 'seen', nowMs)
    return {'kept', held[3]}
  end
  if heldEpoch >= tonumber(ARGV[9]) then
    return {'taken', held[1], held[2] or '', held[3] or '0'}
  end
end

local since = ARGV[8]
if since == '' then
  since = nowMs
end
-- A recreated entry takes the caller's epoch + 1: above the entry it repairs, so a consumer
-- folding events by epoch orders the repair after the sweep or loss it undoes, yet below any newer
-- connection's epoch (epochs are microsecond clock readings, a newer claim is far ahead): after
-- data loss, an older connection that reclaims first must not outrank a newer live one, which
-- then re-asserts over it. A re-assert takes a new epoch above everything seen.
local epoch
if held[1] or tonumber(ARGV[9]) <= 0 then
  epoch = string.format('%d', math.max(nowUs, heldEpoch + 1))
else
  epoch = string.format('%d', tonumber(ARGV[9]) + 1)
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'conn', ARGV[1], 'epoch', epoch,
  'inst', ARGV[2], 'pod', ARGV[3], 'podUid', ARGV[4], 'node', ARGV[5],
  'since', since, 'seen', nowMs, 'addr', ARGV[6])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], 'meta', ARGV[7])
end
if held[1] then
  return {'reasserted', epoch, held[1], held[2] or ''}
end
return {'recreated', epoch}
