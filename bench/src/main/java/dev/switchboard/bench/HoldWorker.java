package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One client process of the {@code hold} scenario (a process may hold at most 20,000 open files
 * here): opens {@code count} sockets spread over the targets and source addresses, prints {@code
 * DONE <welcomed> <failed>}, holds them until its standard input closes, then exits.
 */
@Command(name = "hold-worker", hidden = true)
final class HoldWorker implements Callable<Integer> {

  @Option(names = "--targets", required = true)
  String targets;

  @Option(names = "--from", required = true)
  int from;

  @Option(names = "--count", required = true)
  int count;

  @Option(names = "--first-source", defaultValue = "0")
  int firstSource;

  @Option(names = "--sources", defaultValue = "16")
  int sources;

  @Option(names = "--tokens")
  boolean tokens;

  @Option(names = "--concurrency", defaultValue = "256")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    List<Target> list = Targets.decode(targets);
    SimDevice.Counters counters = new SimDevice.Counters();
    List<SimDevice> devices = new ArrayList<>(count);
    try (Fleet fleet = new Fleet(sources, firstSource, 1)) {
      Semaphore inFlight = new Semaphore(concurrency);
      for (int i = from; i < from + count; i++) {
        SimDevice device = new SimDevice("hold-" + i, fleet, list, tokens, counters);
        devices.add(device);
        inFlight.acquire();
        device.connect(i % list.size()).onComplete(r -> inFlight.release());
      }
      inFlight.acquire(concurrency);
      System.out.println(
          "DONE " + counters.welcomed.get() + " " + (count - counters.welcomed.get()));
      System.out.flush();
      waitForEndOfInput();
      System.out.println("STILL-OPEN " + devices.stream().filter(d -> d.live() != null).count());
    }
    return 0;
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // the conductor closes our stdin when it is done measuring
    }
  }

  /**
   * Starts hold-worker processes for {@code total} sockets, {@code perWorker} each, with a gentle
   * ramp (the scenarios using them measure memory, idle CPU and idle Redis cost, not how fast
   * sockets open), each on its own loopback source addresses.
   */
  static List<Launched> startAll(
      String name, List<Target> targets, int total, int perWorker, boolean tokens, Path runDir) {
    List<Launched> workers = new ArrayList<>();
    int sourcesPerWorker = 24;
    for (int from = 0, w = 0; from < total; from += perWorker, w++) {
      int count = Math.min(perWorker, total - from);
      List<String> command = new ArrayList<>();
      command.add(Launched.java());
      command.addAll(List.of("-Xmx1g", "-XX:+UseSerialGC"));
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              BenchMain.class.getName(),
              "hold-worker",
              "--targets=" + Targets.encode(targets),
              "--from=" + from,
              "--count=" + count,
              "--first-source=" + (w * sourcesPerWorker),
              "--sources=" + sourcesPerWorker,
              "--concurrency=32"));
      if (tokens) {
        command.add("--tokens");
      }
      workers.add(Launched.start(name + "-client-" + w, command, runDir));
    }
    return workers;
  }
}
