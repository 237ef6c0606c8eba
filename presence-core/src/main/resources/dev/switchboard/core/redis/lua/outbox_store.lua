-- outbox_store: put a message in a device's outbox (durable delivery), once per message id.
-- KEYS[1] device hash                 (<prefix>dev:{<device>}): read only, names the owner to wake
-- KEYS[2] outbox stream               (<prefix>out:{<device>})
-- KEYS[3] acked cursor                (<prefix>out:{<device>}:acked)
-- KEYS[4] outbox meta hash            (<prefix>out:{<device>}:meta): sent, bytes, until
-- KEYS[5] message ids hash            (<prefix>out:{<device>}:ids): id -> '<seq>', or
--                                     '<seq> expired' once the message expired undelivered
-- KEYS[6] expiry sorted set           (<prefix>out:{<device>}:expiry): ids still in the stream,
--                                     scored by when they expire (ms)
-- KEYS[7] forget sorted set           (<prefix>out:{<device>}:forget): every id, scored by when
--                                     its id and state are forgotten (expiry + retention, ms)
-- ARGV[1] message id (the Idempotency-Key, or an id the caller generated)
-- ARGV[2] payload (JSON text)
-- ARGV[3] time to live in ms
-- ARGV[4] most messages waiting in the outbox
-- ARGV[5] most payload bytes waiting in the outbox
-- ARGV[6] how long an id and its state are kept after the message expired, ms
-- Returns {'stored', seq, owner conn or '', owner inst or '', expired}
--      or {'duplicate', seq, expired mark '1'/'0', acked cursor, entry expires or '', sent, now ms,
--          owner conn or '', owner inst or ''}: the id is known; the message is not stored again
--      or {'full', 'count' or 'bytes', held, limit, ms until the oldest waiting message expires,
--          owner conn or '', owner inst or '', expired}
-- where expired counts the messages this call found expired undelivered and took out of the stream.
-- Before the caps are checked, up to 64 expired messages leave the stream (their ids marked
-- expired) and up to 64 ids past their retention are forgotten: bounded work per call. Every key
-- but the device hash expires at the latest expiry + retention (meta 'until'), so an abandoned
-- outbox vanishes on its own.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local owner = redis.call('HMGET', KEYS[1], 'conn', 'inst')
local ownerConn, ownerInst = owner[1] or '', owner[2] or ''

local function field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then
      return fields[i + 1]
    end
  end
  return nil
end

local function seqOf(value)
  return string.match(value, '^(%S+)')
end

local held = redis.call('HGET', KEYS[5], ARGV[1])
if held then
  local seq = seqOf(held)
  local marked = string.find(held, ' expired', 1, true) and '1' or '0'
  local entry = redis.call('XRANGE', KEYS[2], seq, seq)
  local expires = ''
  if entry[1] then
    expires = field(entry[1][2], 'expires') or ''
  end
  return {'duplicate', seq, marked, redis.call('GET', KEYS[3]) or '0-0', expires,
    redis.call('HGET', KEYS[4], 'sent') or '0-0', string.format('%d', nowMs), ownerConn, ownerInst}
end

local bytes = tonumber(redis.call('HGET', KEYS[4], 'bytes') or '0')
local purged = 0
local due = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', nowMs, 'LIMIT', 0, 64)
for _, id in ipairs(due) do
  local value = redis.call('HGET', KEYS[5], id)
  if value then
    local seq = seqOf(value)
    local entry = redis.call('XRANGE', KEYS[2], seq, seq)
    if entry[1] then
      bytes = bytes - string.len(field(entry[1][2], 'payload') or '')
      redis.call('XDEL', KEYS[2], seq)
      purged = purged + 1
    end
    redis.call('HSET', KEYS[5], id, string.format('%s expired', seq))
  end
  redis.call('ZREM', KEYS[6], id)
end
if purged > 0 then
  redis.call('HSET', KEYS[4], 'bytes', string.format('%d', math.max(0, bytes)))
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', nowMs, 'LIMIT', 0, 64)) do
  redis.call('HDEL', KEYS[5], id)
  redis.call('ZREM', KEYS[7], id)
end

local function oldestMs()
  local first = redis.call('ZRANGE', KEYS[6], 0, 0, 'WITHSCORES')
  if first[2] then
    return string.format('%d', math.max(0, tonumber(first[2]) - nowMs))
  end
  return '0'
end

local count = redis.call('XLEN', KEYS[2])
if count >= tonumber(ARGV[4]) then
  return {'full', 'count', string.format('%d', count), ARGV[4], oldestMs(), ownerConn, ownerInst,
    string.format('%d', purged)}
end
local size = string.len(ARGV[2])
if bytes + size > tonumber(ARGV[5]) then
  return {'full', 'bytes', string.format('%d', math.max(0, bytes)), ARGV[5], oldestMs(), ownerConn,
    ownerInst, string.format('%d', purged)}
end

local expires = nowMs + tonumber(ARGV[3])
local forget = expires + tonumber(ARGV[6])
local seq = redis.call('XADD', KEYS[2], '*', 'id', ARGV[1], 'payload', ARGV[2], 'expires',
  string.format('%d', expires))
redis.call('HSET', KEYS[5], ARGV[1], seq)
redis.call('ZADD', KEYS[6], expires, ARGV[1])
redis.call('ZADD', KEYS[7], forget, ARGV[1])
local untilMs = math.max(tonumber(redis.call('HGET', KEYS[4], 'until') or '0'), forget)
redis.call('HSET', KEYS[4], 'bytes', string.format('%d', math.max(0, bytes) + size),
  'until', string.format('%d', untilMs))
for i = 2, 7 do
  redis.call('PEXPIREAT', KEYS[i], string.format('%d', untilMs))
end
return {'stored', seq, ownerConn, ownerInst, string.format('%d', purged)}
