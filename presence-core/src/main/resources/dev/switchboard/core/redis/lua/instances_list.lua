-- instances_list: instances with their last heartbeat, read against Redis's clock.
-- KEYS[1] instances sorted set         (<prefix>instances)
-- ARGV[1] minimum lease age in ms: 0 lists every instance, N lists those silent for >= N ms
-- ARGV[2] maximum number of instances to return
-- Returns {now ms, inst1, heartbeat1 ms, inst2, heartbeat2 ms, ...}, oldest heartbeat first.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local minAge = tonumber(ARGV[1])
local max = '+inf'
if minAge > 0 then
  max = string.format('%d', nowMs - minAge)
end
local rows = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', max, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {string.format('%d', nowMs)}
for i = 1, #rows do
  out[#out + 1] = rows[i]
end
return out
