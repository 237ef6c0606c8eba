package dev.switchboard.bench;

import dev.switchboard.client.ClientState;
import dev.switchboard.client.Message;
import dev.switchboard.client.SwitchboardClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Durable delivery under churn: every device is sent a numbered sequence of messages (one POST at a
 * time per device, each with an idempotency key, retried until stored) while devices are taken over
 * by a second client on the other edge, go offline for a while and come back, and one edge is
 * SIGKILLed mid-storm and replaced. The devices are the client library's clients, with both edges
 * as endpoints. At the end every device must hold every message once, in order: lost, reordered and
 * duplicate counts are the result.
 */
@Command(
    name = "churn-messages",
    mixinStandardHelpOptions = true,
    description = "durable messages through takeovers, offline spells and an edge SIGKILL")
final class ChurnMessagesScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--devices", defaultValue = "1000")
  int devices;

  @Option(names = "--messages", defaultValue = "20", description = "per device")
  int messages;

  @Option(names = "--seconds", defaultValue = "30", description = "how long the storm lasts")
  int seconds;

  @Option(
      names = "--actions-per-second",
      defaultValue = "100",
      description = "takeovers and offline spells per second, over all devices")
  int actionsPerSecond;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      devices = 30;
      messages = 10;
      seconds = 4;
      actionsPerSecond = 20;
    }
    // the storm takes devices over on purpose: the flap guard must not refuse it
    Map<String, String> edge =
        Map.of("switchboard.edge.takeover.max", "1000000", "switchboard.edge.drain.window", "1s");
    var options = SystemUnderTest.Options.edgesOnly(2).withApi().withEdgeProperties(edge);
    try (SystemUnderTest sut = SystemUnderTest.start(common.repo(), options)) {
      List<URI> edges =
          List.of(
              URI.create("ws://127.0.0.1:" + sut.edgePort(0) + "/v1/connect"),
              URI.create("ws://127.0.0.1:" + sut.edgePort(1) + "/v1/connect"));
      List<Device> population = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        Device device = new Device("dm-" + i, edges);
        population.add(device);
        device.start(i % 2);
      }
      long stormEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      AtomicLong postRetries = new AtomicLong();
      long spacingMs = Math.max(1, TimeUnit.SECONDS.toMillis(seconds) / messages);
      // one sender thread per device: each sends its sequence one POST at a time
      java.util.concurrent.ExecutorService senderThreads =
          java.util.concurrent.Executors.newFixedThreadPool(devices);
      List<CompletableFuture<Void>> senders =
          population.stream()
              .map(
                  d ->
                      CompletableFuture.runAsync(
                          () -> send(sut, d, spacingMs, postRetries), senderThreads))
              .toList();
      long takeovers = 0, offlineSpells = 0;
      boolean killed = false;
      long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) / 2;
      long perAction = 1_000_000_000L / Math.max(1, actionsPerSecond);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (System.nanoTime() < stormEnd) {
        if (!killed && System.nanoTime() > killAt) {
          killed = true;
          sut.killEdge(1);
          sut.restartEdge(1);
        }
        Device device = population.get(random.nextInt(population.size()));
        if (random.nextInt(3) > 0) {
          device.takeOverFromTheOtherEdge();
          takeovers++;
        } else {
          device.offlineFor(Duration.ofMillis(random.nextLong(200, 3_000)));
          offlineSpells++;
        }
        TimeUnit.NANOSECONDS.sleep(perAction);
      }
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
      senderThreads.shutdown();
      population.forEach(Device::stayOnline);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline
          && population.stream().anyMatch(d -> d.lastN() < messages)) {
        Thread.sleep(200);
      }
      long lost = 0, reordered = 0, duplicates = 0, incomplete = 0;
      for (Device device : population) {
        lost += messages - device.distinct();
        reordered += device.gaps();
        duplicates += device.duplicates();
        incomplete += device.lastN() < messages ? 1 : 0;
        if (device.lastN() < messages && incomplete <= 10) {
          System.err.printf(
              "incomplete: %s has %d of %d (state %s)%n",
              device.id, device.lastN(), messages, device.state());
        }
      }
      population.forEach(Device::close);
      new Report("churn-messages")
          .put("devices", devices)
          .put("messagesPerDevice", messages)
          .put("stormSeconds", seconds)
          .put("takeovers", takeovers)
          .put("offlineSpells", offlineSpells)
          .put("edgeKilled", killed)
          .put("postRetries", postRetries.get())
          .put("lost", lost)
          .put("reordered", reordered)
          .put("duplicatesDropped", duplicates)
          .put("devicesIncomplete", incomplete)
          .print(
              String.format(
                  "churn-messages | %,d devices × %d durable messages, %d s storm: %,d takeovers,"
                      + " %,d offline spells, edge SIGKILL %s | %d lost, %d reordered, %,d"
                      + " duplicates dropped by the clients (%,d POST retries)",
                  devices,
                  messages,
                  seconds,
                  takeovers,
                  offlineSpells,
                  killed ? "mid-storm" : "none",
                  lost,
                  reordered,
                  duplicates,
                  postRetries.get()));
      return lost == 0 && reordered == 0 ? 0 : 1;
    }
  }

  /** Messages 1..n to one device, one at a time, each retried until the API stored it. */
  private void send(SystemUnderTest sut, Device device, long spacingMs, AtomicLong retries) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(spacingMs));
      for (int n = 1; n <= messages; n++) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + sut.apiPort
                            + "/v1/devices/"
                            + device.id
                            + "/messages"))
                .header("content-type", "application/json")
                .header("Idempotency-Key", device.id + "-" + n)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}"))
                .build();
        while (true) {
          try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200 || status == 202) {
              break;
            }
          } catch (java.io.IOException e) {
            // the API restarted or the connection dropped: the idempotency key makes a retry safe
          }
          retries.incrementAndGet();
          Thread.sleep(200);
        }
        Thread.sleep(spacingMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One device: its current client, and what its app has handled so far. */
  private static final class Device {
    final String id;
    private final List<URI> edges;
    private SwitchboardClient client;
    private int on;
    private int lastN;
    private int distinct;
    private long gaps;
    private long appDuplicates;
    private long clientDuplicates;
    private String lastSeq;

    Device(String id, List<URI> edges) {
      this.id = id;
      this.edges = edges;
    }

    synchronized void start(int edge) {
      on = edge;
      SwitchboardClient.Builder builder =
          SwitchboardClient.builder(edges.get(edge), id)
              .fallbackEndpoints(List.of(edges.get(1 - edge)))
              .token(() -> Tokens.forDevice(id))
              .onMessage(this::handle);
      if (lastSeq != null) {
        builder.resumeAfter(lastSeq);
      }
      SwitchboardClient next = builder.build();
      next.connect();
      if (client != null) {
        clientDuplicates += client.duplicatesDropped();
      }
      client = next;
    }

    /** A second client on the other edge: the edge replaces the first one (4001). */
    void takeOverFromTheOtherEdge() {
      SwitchboardClient previous;
      synchronized (this) {
        previous = client;
        start(1 - on);
      }
      // the replaced client stops by itself on 4001; closing it here too covers one not welcomed
      CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(previous::close);
    }

    void offlineFor(Duration spell) {
      SwitchboardClient previous;
      synchronized (this) {
        previous = client;
      }
      previous.close();
      CompletableFuture.delayedExecutor(spell.toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                synchronized (this) {
                  if (client == previous) {
                    start(ThreadLocalRandom.current().nextInt(2));
                  }
                }
              });
    }

    /** After the storm: a device whose client ended for good connects again. */
    synchronized void stayOnline() {
      if (client.state() instanceof ClientState.Closed closed && closed.isFinal()) {
        start(on);
      }
    }

    private synchronized void handle(Message message) {
      int n = message.payload().path("n").asInt();
      if (n <= lastN) {
        appDuplicates++;
      } else {
        if (n != lastN + 1) {
          gaps++;
        }
        lastN = n;
        distinct++;
      }
      message.seq().ifPresent(seq -> lastSeq = seq.toString());
    }

    synchronized int lastN() {
      return lastN;
    }

    synchronized int distinct() {
      return distinct;
    }

    synchronized long gaps() {
      return gaps;
    }

    synchronized long duplicates() {
      return appDuplicates + clientDuplicates + client.duplicatesDropped();
    }

    synchronized ClientState state() {
      return client.state();
    }

    synchronized void close() {
      client.close();
    }
  }
}
