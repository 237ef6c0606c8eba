-- devices_locate: where each of many devices is connected, for a batch lookup, in one compact reply.
-- KEYS[1] .. KEYS[n] device hashes (<prefix>device:{id}); on a cluster all of one slot
-- ARGV[1] .. ARGV[m] the hash fields to read, in order (StoreReplies.LOCATION_FIELDS)
-- Returns one MessagePack string: an array of n items in KEYS order, each false when the device
-- has no entry (its first field is absent), else an array of the m field values (false where a
-- field is absent). One bulk string instead of n arrays of m bulk strings: the client parses one
-- RESP element per chunk, and the cost of packing stays in C (cmsgpack).
local out = {}
for i = 1, #KEYS do
  local fields = redis.call('HMGET', KEYS[i], unpack(ARGV))
  if fields[1] then
    out[i] = fields
  else
    out[i] = false
  end
end
return cmsgpack.pack(out)
