-- outbox_read: the next outbox entries for a connection to send, after a seq and the acked cursor.
-- KEYS[1] outbox stream               (<prefix>out:{<device>})
-- KEYS[2] acked cursor                (<prefix>out:{<device>}:acked)
-- KEYS[3] outbox meta hash            (<prefix>out:{<device>}:meta)
-- KEYS[4] message ids hash            (<prefix>out:{<device>}:ids)
-- KEYS[5] expiry sorted set           (<prefix>out:{<device>}:expiry)
-- ARGV[1] read strictly after this seq ('0-0': from the start); a later acked cursor wins
-- ARGV[2] most entries to scan
-- Returns {acked cursor, last scanned seq or '', expired, redelivered, scanned,
--          seq, id, payload, expires, seq, id, payload, expires, ...} (the entries to send, in order)
-- An entry past its 'expires' is not returned: it leaves the stream and its id is marked expired
-- (counted in 'expired'). 'redelivered' counts returned entries at or below the meta 'sent' mark
-- (handed to a socket before); the mark then rises to the last entry returned. 'scanned' equal to
-- ARGV[2] means more entries may follow.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)

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

local function field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then
      return fields[i + 1]
    end
  end
  return nil
end

local acked = redis.call('GET', KEYS[2]) or '0-0'
local from = ARGV[1]
if compare(acked, from) > 0 then
  from = acked
end
local entries = redis.call('XRANGE', KEYS[1], string.format('(%s', from), '+', 'COUNT',
  tonumber(ARGV[2]))
local sent = redis.call('HGET', KEYS[3], 'sent') or '0-0'
local out = {acked, '', '0', '0', string.format('%d', #entries)}
local expired, redelivered, freed, last = 0, 0, 0, nil
for _, entry in ipairs(entries) do
  local seq, fields = entry[1], entry[2]
  local id = field(fields, 'id') or ''
  local payload = field(fields, 'payload') or 'null'
  local expires = field(fields, 'expires') or '0'
  out[2] = seq
  if tonumber(expires) <= nowMs then
    expired = expired + 1
    freed = freed + string.len(payload)
    redis.call('XDEL', KEYS[1], seq)
    redis.call('ZREM', KEYS[5], id)
    if redis.call('HEXISTS', KEYS[4], id) == 1 then
      redis.call('HSET', KEYS[4], id, string.format('%s expired', seq))
    end
  else
    if compare(seq, sent) <= 0 then
      redelivered = redelivered + 1
    end
    last = seq
    table.insert(out, seq)
    table.insert(out, id)
    table.insert(out, payload)
    table.insert(out, expires)
  end
end
out[3] = string.format('%d', expired)
out[4] = string.format('%d', redelivered)
if redis.call('EXISTS', KEYS[3]) == 1 then
  if last and compare(last, sent) > 0 then
    redis.call('HSET', KEYS[3], 'sent', last)
  end
  if freed > 0 then
    redis.call('HINCRBY', KEYS[3], 'bytes', -freed)
  end
end
return out
