package dev.switchboard.bench;

import java.util.Arrays;
import java.util.List;

/** Targets passed to worker processes as {@code host:port/path=pod,...}. */
final class Targets {

  private Targets() {}

  static String encode(List<Target> targets) {
    return String.join(
        ",",
        targets.stream().map(t -> t.host() + ":" + t.port() + t.path() + "=" + t.pod()).toList());
  }

  static List<Target> decode(String encoded) {
    return Arrays.stream(encoded.split(","))
        .map(
            item -> {
              String[] hostRest = item.split(":", 2);
              int slash = hostRest[1].indexOf('/');
              int eq = hostRest[1].lastIndexOf('=');
              return new Target(
                  hostRest[0],
                  Integer.parseInt(hostRest[1].substring(0, slash)),
                  hostRest[1].substring(slash, eq),
                  hostRest[1].substring(eq + 1));
            })
        .toList();
  }
}
