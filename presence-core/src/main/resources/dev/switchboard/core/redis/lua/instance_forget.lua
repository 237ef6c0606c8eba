-- instance_forget: delete an instance's owner record and device index, but only once the index is
-- empty (every entry released or swept) and, when given, only if the instance has not registered
-- again since the caller read its registration generation. The index goes last and only when
-- empty: while it has members the record stays, so whoever removes them can still find them.
-- KEYS[1] instance hash                (<prefix>inst:{<inst>})
-- KEYS[2] the instance's device index  (<prefix>inst:{<inst>}:devices)
-- ARGV[1] expected registration generation (the record's 'gen'), or '' to skip that check
-- Returns {1} when both were deleted, {0, 'devices', n} when the index still holds n devices,
-- {0, 'registered', gen} when the instance registered again (a returning edge wins).
local members = redis.call('SCARD', KEYS[2])
if members > 0 then
  return {0, 'devices', members}
end
if ARGV[1] ~= '' then
  local gen = redis.call('HGET', KEYS[1], 'gen') or '0'
  if gen ~= ARGV[1] then
    return {0, 'registered', gen}
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return {1}
