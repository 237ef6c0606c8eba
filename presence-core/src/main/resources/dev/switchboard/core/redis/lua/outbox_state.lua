-- outbox_state: what is known about one message of a device's outbox, to tell its delivery state.
-- KEYS[1] outbox stream               (<prefix>out:{<device>})
-- KEYS[2] acked cursor                (<prefix>out:{<device>}:acked)
-- KEYS[3] outbox meta hash            (<prefix>out:{<device>}:meta)
-- KEYS[4] message ids hash            (<prefix>out:{<device>}:ids)
-- ARGV[1] message id
-- Returns {} when the id is unknown (never stored, or forgotten after its retention)
--      or {seq, expired mark '1'/'0', acked cursor, entry expires or '' when it left the stream,
--          sent, now ms}; the caller derives queued, sent, acked or expired from these (one rule,
--          shared with outbox_store's answer to a duplicate).
local held = redis.call('HGET', KEYS[4], ARGV[1])
if not held then
  return {}
end
local seq = string.match(held, '^(%S+)')
local marked = string.find(held, ' expired', 1, true) and '1' or '0'
local expires = ''
local entry = redis.call('XRANGE', KEYS[1], seq, seq)
if entry[1] then
  local fields = entry[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'expires' then
      expires = fields[i + 1]
    end
  end
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
return {seq, marked, redis.call('GET', KEYS[2]) or '0-0', expires,
  redis.call('HGET', KEYS[3], 'sent') or '0-0', string.format('%d', nowMs)}
