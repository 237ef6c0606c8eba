package dev.switchboard.bench;

import dev.switchboard.testsupport.RedisServer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis's own counters at one moment: commands processed ({@code INFO stats}; on Redis 7.0 this
 * counts the commands a Lua script runs as well as the {@code EVALSHA} that ran it), CPU seconds
 * (user + system, {@code INFO cpu}) and calls per command ({@code INFO commandstats}, which counts
 * script-internal calls too). Differences of two readings measure a window.
 */
record RedisCounters(long commands, double cpuSeconds, Map<String, Long> calls) {

  static RedisCounters read(SystemUnderTest sut) {
    RedisServer redis = sut.redis();
    return parse(redis.info("stats"), redis.info("cpu"), redis.info("commandstats"));
  }

  static RedisCounters parse(String stats, String cpu, String commandstats) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : commandstats.split("\r?\n")) {
      // cmdstat_evalsha:calls=12,usec=...
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String rest = line.substring(line.indexOf(':') + 1);
        for (String part : rest.split(",")) {
          if (part.startsWith("calls=")) {
            calls.put(name, Long.parseLong(part.substring("calls=".length())));
          }
        }
      }
    }
    return new RedisCounters(
        Long.parseLong(field(stats, "total_commands_processed")),
        Double.parseDouble(field(cpu, "used_cpu_user"))
            + Double.parseDouble(field(cpu, "used_cpu_sys")),
        calls);
  }

  /** What happened between {@code earlier} and this reading. */
  RedisCounters minus(RedisCounters earlier) {
    Map<String, Long> diff = new TreeMap<>();
    calls.forEach(
        (name, n) -> {
          long d = n - earlier.calls.getOrDefault(name, 0L);
          if (d != 0) {
            diff.put(name, d);
          }
        });
    return new RedisCounters(commands - earlier.commands, cpuSeconds - earlier.cpuSeconds, diff);
  }

  /** Calls of one command in this (difference) reading, 0 when none. */
  long calls(String command) {
    return calls.getOrDefault(command, 0L);
  }

  private static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalStateException("INFO has no " + name);
  }
}
