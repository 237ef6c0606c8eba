-- device_release: delete a device's entry, but only while the given connection still owns it.
-- KEYS[1] device hash                  (<prefix>dev:{<device>})
-- ARGV[1] connection id
-- Returns 1 when deleted, 0 when the entry is absent or owned by another connection: a late
-- disconnect of an old connection never deletes the record of a newer one.
if redis.call('HGET', KEYS[1], 'conn') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
