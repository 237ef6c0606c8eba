package dev.switchboard.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@code @QuarkusTest} that a Redis test resource fills with what it started: a
 * {@link RedisServer} ({@link RedisTestResource}), a {@link RedisCluster} ({@link
 * RedisClusterTestResource}), a {@link RedisSentinelGroup} ({@link RedisSentinelTestResource}) or
 * the {@link TcpProxy} in front of a server ({@link ProxiedRedisTestResource}), so that the test
 * can kill, restart or fail it over.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectRedis {}
