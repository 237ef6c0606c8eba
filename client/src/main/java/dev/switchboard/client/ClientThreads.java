package dev.switchboard.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What clients share unless their builder says otherwise: one HTTP client (one selector thread for
 * every socket), one timer thread, and a pool of daemon threads for state machines and handlers.
 */
final class ClientThreads {

  static final ExecutorService POOL = Executors.newCachedThreadPool(daemon("switchboard-client"));
  static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(daemon("switchboard-client-timer"));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(POOL).build();

  private ClientThreads() {}

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
