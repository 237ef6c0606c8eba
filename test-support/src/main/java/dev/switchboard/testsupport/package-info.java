/**
 * Real Redis for tests, and the faults to inject into it.
 *
 * <p>Topologies are real {@code redis-server} processes on free loopback ports: a single {@link
 * dev.switchboard.testsupport.RedisServer}, a {@link dev.switchboard.testsupport.RedisCluster} of
 * three masters (optionally with a replica each) and a {@link
 * dev.switchboard.testsupport.RedisSentinelGroup}; all are {@link
 * dev.switchboard.testsupport.RedisDeployment}s. Faults come from the processes (kill, restart,
 * freeze, restore a snapshot, failover) or from a {@link dev.switchboard.testsupport.TcpProxy} put
 * between a client and its server (blackhole, reset, refuse). {@link
 * dev.switchboard.testsupport.PackagedApp} runs the packaged services, and the Quarkus test
 * resources wire a {@code @QuarkusTest} to a fresh Redis with its own key prefix.
 *
 * <p>Being the Redis fixture, this module necessarily speaks Redis: server administration and fault
 * injection ({@code CLIENT PAUSE}, {@code FLUSHALL}, {@code TIME}, {@code INFO}, …) are named
 * methods of {@link dev.switchboard.testsupport.RedisServer}, so tests elsewhere never send a
 * command name. It knows nothing of Switchboard's keys: operations on them that only tests need
 * live in presence-core's test-jar ({@code dev.switchboard.core.testing}), next to the key schema.
 *
 * <p>Used in test scope only; nothing here is a mock of Redis.
 */
package dev.switchboard.testsupport;
