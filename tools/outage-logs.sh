#!/usr/bin/env bash
# Counts what a packaged edge logs while it refuses connects during a Redis outage (BENCHMARKS.md,
# "Logs during a Redis outage"): starts a redis-server and the edge (auth off), kills Redis, opens
# <count> sockets with tools/ConnectStorm.java, and counts the edge's log lines in between.
#   tools/outage-logs.sh [grace] [count]   grace 10m: every connect is accepted and its claim fails
#                                          (1013); grace 1s: past the grace, upgrades get 503
# Needs redis-server on the PATH, curl, and a packaged edge (./mvnw -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
GRACE=${1:-10m}
COUNT=${2:-1000}
REDIS_PORT=${REDIS_PORT:-6502}
EDGE_PORT=${EDGE_PORT:-8574}
JAR=ws-edge/target/quarkus-app/quarkus-run.jar
dir=$(mktemp -d)
redis-server --port "$REDIS_PORT" --save "" --appendonly no >"$dir/redis.log" 2>&1 &
redis_pid=$!
java -Dquarkus.http.port="$EDGE_PORT" -Dswitchboard.auth.mode=none \
  -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" -Dswitchboard.edge.redis.grace="$GRACE" \
  -jar "$JAR" >"$dir/edge.log" 2>&1 &
edge_pid=$!
for _ in $(seq 1 120); do
  curl -sf "localhost:$EDGE_PORT/q/health/ready" >/dev/null && break
  sleep 0.5
done
kill -9 "$redis_pid"
sleep 1
before=$(wc -l <"$dir/edge.log")
java tools/ConnectStorm.java "$COUNT" "ws://127.0.0.1:$EDGE_PORT" 50
sleep 11 # one summary interval
after=$(wc -l <"$dir/edge.log")
during=$(tail -n +"$((before + 1))" "$dir/edge.log" | head -n "$((after - before))")
echo "edge log lines while refusing $COUNT connects (grace $GRACE): $((after - before))" \
  "(WARN $(grep -c ' WARN ' <<<"$during" || true), ERROR $(grep -c ' ERROR ' <<<"$during" || true))"
kill "$edge_pid"
wait "$edge_pid" 2>/dev/null || true
echo "edge log: $dir/edge.log"
