package dev.switchboard.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RedisServer} field of a {@code @QuarkusTest} that {@link RedisTestResource} fills
 * with the server it started, so that the test can kill and restart it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectRedis {}
