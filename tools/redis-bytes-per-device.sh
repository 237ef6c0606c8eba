#!/usr/bin/env bash
# Bytes a connected device costs in Redis: a fresh redis-server, N entries written by the real
# device_claim script (with realistic ids, pod names and addresses) and N index members, then
# used_memory after minus before, divided by N. Durable-message bytes are not included.
# usage: tools/redis-bytes-per-device.sh [devices=100000] [port=6399]
set -euo pipefail
n=${1:-100000}
port=${2:-6399}
here=$(cd "$(dirname "$0")/.." && pwd)
lua=$here/presence-core/src/main/resources/dev/switchboard/core/redis/lua/device_claim.lua
dir=$(mktemp -d)
redis-server --port "$port" --save '' --appendonly no --dir "$dir" --daemonize yes --logfile "$dir/log" >/dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
sha=$(redis-cli -p "$port" script load "$(cat "$lua")")
before=$(redis-cli -p "$port" info memory | tr -d '\r' | awk -F: '/^used_memory:/{print $2}')
inst=edge-7c9d8f6b5-x2k4q-$(printf '%08x' 1234567)
for ((i = 0; i < n; i++)); do
  dev=$(printf 'device-%012d' "$i")
  conn=$(printf '%08x-%04x-4%03x-8%03x-%012x' "$i" $((i % 65536)) $((i % 4096)) $((i % 4096)) "$i")
  printf 'EVALSHA %s 2 sb:dev:{%s} sb:out:{%s} %s %s edge-7c9d8f6b5-x2k4q 3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60 node-a-1 10.42.%d.%d:%d "" newest "" 0 0\r\n' \
    "$sha" "$dev" "$dev" "$conn" "$inst" $((i % 250)) $((i % 250)) $((20000 + i % 40000))
  printf 'SADD sb:inst:{%s}:devices %s\r\n' "$inst" "$dev"
done | redis-cli -p "$port" --pipe >/dev/null
after=$(redis-cli -p "$port" info memory | tr -d '\r' | awk -F: '/^used_memory:/{print $2}')
keys=$(redis-cli -p "$port" dbsize)
sample=$(redis-cli -p "$port" memory usage 'sb:dev:{device-000000000042}')
echo "devices=$n keys=$keys used_memory_before=$before after=$after bytes_per_device=$(((after - before) / n)) one_entry_memory_usage=$sample"
