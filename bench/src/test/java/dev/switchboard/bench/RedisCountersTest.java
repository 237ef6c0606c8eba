package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

/** What the idle-redis scenario reads from Redis, and what Redis counts. */
class RedisCountersTest {

  @Test
  void infoSectionsAreReadAndADifferenceKeepsOnlyWhatChanged() {
    // given
    RedisCounters earlier =
        RedisCounters.parse(
            "# Stats\r\ntotal_commands_processed:100\r\n",
            "# CPU\r\nused_cpu_sys:1.5\r\nused_cpu_user:2.0\r\n",
            "# Commandstats\r\ncmdstat_evalsha:calls=10,usec=50,usec_per_call=5.00\r\n"
                + "cmdstat_hmget:calls=4,usec=8,usec_per_call=2.00\r\n");
    RedisCounters later =
        RedisCounters.parse(
            "total_commands_processed:160\n",
            "used_cpu_sys:1.75\nused_cpu_user:2.25\n",
            "cmdstat_evalsha:calls=25,usec=90,usec_per_call=3.60\n"
                + "cmdstat_hmget:calls=4,usec=8,usec_per_call=2.00\n"
                + "cmdstat_sscan:calls=2,usec=9,usec_per_call=4.50\n");

    // when
    RedisCounters window = later.minus(earlier);

    // then
    assertThat(window.commands()).isEqualTo(60);
    assertThat(window.cpuSeconds()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(window.calls()).containsOnlyKeys("evalsha", "sscan");
    assertThat(window.calls("evalsha")).isEqualTo(15);
    assertThat(window.calls("hmget")).isZero();
  }

  @Test
  void redisCountsTheCommandsAScriptRunsInTotalCommandsProcessed() {
    try (RedisServer redis = RedisServer.start()) {
      // given
      redis.call("SET", "k", "v");
      RedisCounters before =
          RedisCounters.parse(
              redis.info("stats"), "used_cpu_sys:0\nused_cpu_user:0\n", redis.info("commandstats"));

      // when: one script that runs three commands
      redis.call(
          "EVAL",
          "redis.call('GET', KEYS[1]); redis.call('TIME'); redis.call('HSET', KEYS[2], 'f', 'v');"
              + " return 1",
          "2",
          "k",
          "h");
      RedisCounters after =
          RedisCounters.parse(
              redis.info("stats"), "used_cpu_sys:0\nused_cpu_user:0\n", redis.info("commandstats"));

      // then: the EVAL and its three calls, and the first reading's two INFO commands
      RedisCounters window = after.minus(before);
      assertThat(window.commands()).isEqualTo(1 + 1 + 3 + 1);
      assertThat(window.calls("eval")).isEqualTo(1);
      assertThat(window.calls("get")).isEqualTo(1);
      assertThat(window.calls("time")).isEqualTo(1);
      assertThat(window.calls("hset")).isEqualTo(1);
    }
  }
}
