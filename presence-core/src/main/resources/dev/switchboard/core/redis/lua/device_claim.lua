-- device_claim: give a device's presence entry to a new connection.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- KEYS[2] the device's outbox stream   (<prefix>out:{<device>}): read only, same hash tag
-- ARGV[1] connection id of the newcomer
-- ARGV[2] owner instance id
-- ARGV[3] owner pod name
-- ARGV[4] owner pod UID
-- ARGV[5] owner node name
-- ARGV[6] remote address of the socket
-- ARGV[7] meta JSON, '' for none
-- ARGV[8] takeover policy: 'newest' or 'reject-new'
-- ARGV[9] instance id the caller found stale, '' for none: under 'reject-new' a holder owned by
--         that instance may still be replaced, so that a device whose pod died can reconnect
-- ARGV[10] flap window in ms (0 = no flap limit)
-- ARGV[11] most takeovers of a live holder allowed within the window
-- Returns {'claimed', epoch, previous conn or '', previous inst or '', outbox pending '1' or '0'}
--      or {'refused', holder conn, holder inst, holder epoch}
--      or {'flapping', holder conn, holder inst, ms until the window ends}
-- Takeovers are counted in the entry itself (fields 'flaps', 'flapsFrom'), so that two instances
-- of one device fighting across pods are caught as surely as on one pod.
-- 'outbox pending' tells the edge whether durable messages wait: read in the same script, so a
-- message stored after it sees this connection as the owner and wakes it.
-- The epoch is max(previous epoch + 1, Redis TIME in microseconds): strictly increasing per
-- device even after a release deleted the entry, without leaving a tombstone behind.
local now = redis.call('TIME')
local nowUs = tonumber(now[1]) * 1000000 + tonumber(now[2])
local nowMs = string.format('%d', math.floor(nowUs / 1000))

local held = redis.call('HMGET', KEYS[1], 'conn', 'inst', 'epoch')
local heldConn, heldInst = held[1], held[2]
local heldEpoch = tonumber(held[3]) or 0

if heldConn and heldConn ~= ARGV[1] and ARGV[8] == 'reject-new' and heldInst ~= ARGV[9] then
  return {'refused', heldConn, heldInst or '', string.format('%d', heldEpoch)}
end

local flaps, flapsFrom = 0, 0
local window = tonumber(ARGV[10]) or 0
if heldConn and heldConn ~= ARGV[1] and window > 0 then
  local counters = redis.call('HMGET', KEYS[1], 'flaps', 'flapsFrom')
  flaps = tonumber(counters[1]) or 0
  flapsFrom = tonumber(counters[2]) or 0
  local nowMsNum = math.floor(nowUs / 1000)
  if nowMsNum - flapsFrom >= window then
    flaps, flapsFrom = 0, nowMsNum
  end
  if flaps >= tonumber(ARGV[11]) then
    return {'flapping', heldConn, heldInst or '', string.format('%d', flapsFrom + window - nowMsNum)}
  end
  flaps = flaps + 1
end

local epoch = string.format('%d', math.max(heldEpoch + 1, nowUs))
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'conn', ARGV[1], 'epoch', epoch,
  'inst', ARGV[2], 'pod', ARGV[3], 'podUid', ARGV[4], 'node', ARGV[5],
  'since', nowMs, 'seen', nowMs, 'addr', ARGV[6])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], 'meta', ARGV[7])
end
if flaps > 0 then
  redis.call('HSET', KEYS[1], 'flaps', flaps, 'flapsFrom', string.format('%d', flapsFrom))
end

local pending = redis.call('XLEN', KEYS[2]) > 0 and '1' or '0'
if heldConn and heldConn ~= ARGV[1] then
  return {'claimed', epoch, heldConn, heldInst or '', pending}
end
return {'claimed', epoch, '', '', pending}
