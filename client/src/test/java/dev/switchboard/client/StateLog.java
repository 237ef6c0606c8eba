package dev.switchboard.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Records every state a client went through, with when (monotonic ms), for assertions. */
final class StateLog implements StateListener {

  /** One state change and when it happened. */
  record Entry(long atMs, ClientState state) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  @Override
  public void onStateChange(ClientState state) {
    entries.add(new Entry(System.nanoTime() / 1_000_000, state));
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  <T extends ClientState> List<T> all(Class<T> type) {
    return entries.stream().map(Entry::state).filter(type::isInstance).map(type::cast).toList();
  }

  long count(Class<? extends ClientState> type) {
    return all(type).size();
  }

  /** Waits until a state of {@code type} matching {@code test} has been recorded; returns it. */
  <T extends ClientState> Entry awaitState(Class<T> type, Predicate<T> test, Duration atMost) {
    return Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                entries.stream()
                    .filter(e -> type.isInstance(e.state()) && test.test(type.cast(e.state())))
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  /** Waits until {@code n} states of {@code type} have been recorded. */
  void awaitCount(Class<? extends ClientState> type, long n, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> count(type) >= n);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    long start = entries.isEmpty() ? 0 : entries.get(0).atMs();
    entries.forEach(
        e -> text.append('\n').append(e.atMs() - start).append(" ms ").append(e.state()));
    return text.toString();
  }
}
