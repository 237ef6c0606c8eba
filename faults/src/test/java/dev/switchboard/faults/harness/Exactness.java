package dev.switchboard.faults.harness;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ground truth (the sockets the fleet holds open, and the connection each got in its welcome)
 * against the API's batch lookup: ghosts (online, no socket), missing (socket, not online) and
 * wrong owners (online on another pod or under another connection).
 */
public final class Exactness {

  private final Fleet fleet;
  private final Api api;

  public Exactness(Fleet fleet, Api api) {
    this.fleet = fleet;
    this.api = api;
  }

  /**
   * One comparison.
   *
   * @param moving devices whose ground truth changed during the lookup, not judged
   * @param examples the first few disagreements, for the failure message
   */
  public record Result(
      int held, int ghosts, int missing, int wrongOwners, int moving, List<String> examples) {

    public boolean exact() {
      return ghosts == 0 && missing == 0 && wrongOwners == 0 && moving == 0;
    }

    @Override
    public String toString() {
      return String.format(
          "%d held: %d ghosts, %d missing, %d wrong owners, %d moving %s",
          held, ghosts, missing, wrongOwners, moving, examples);
    }
  }

  /**
   * The outcome of waiting for exactness.
   *
   * @param millis from the call until the first exact comparison (that a second one confirmed)
   */
  public record Outcome(boolean exact, long millis, Result last) {}

  public Result compare() throws Exception {
    List<Device> devices = fleet.devices();
    List<Optional<Device.Held>> before = devices.stream().map(Device::held).toList();
    List<JsonObject> seen = api.lookup(fleet.ids());
    int held = 0, ghosts = 0, missing = 0, wrong = 0, moving = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      Device device = devices.get(i);
      Optional<Device.Held> truth = device.held();
      if (!truth.equals(before.get(i))) {
        moving++;
        continue;
      }
      JsonObject read = seen.get(i);
      boolean online = read.getBoolean("online", false);
      if (truth.isPresent()) {
        held++;
      }
      String problem = null;
      if (truth.isEmpty() && online) {
        ghosts++;
        problem = "ghost";
      } else if (truth.isPresent() && !online) {
        missing++;
        problem = "missing";
      } else if (truth.isPresent()
          && (!fleet.pod(truth.get().edge()).equals(read.getString("pod"))
              || !truth.get().conn().equals(read.getString("conn")))) {
        wrong++;
        problem = "wrong owner";
      }
      if (problem != null && examples.size() < 5) {
        examples.add(problem + " " + device.id() + ": client " + truth + ", API " + read.encode());
      }
    }
    return new Result(held, ghosts, missing, wrong, moving, examples);
  }

  /** A lookup that failed (the API answered 503 during a fault) counts as not exact. */
  private Result tryCompare() throws InterruptedException {
    try {
      return compare();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return new Result(0, 0, 0, 0, fleet.devices().size(), List.of("lookup failed: " + e));
    }
  }

  /**
   * Compares until two comparisons in a row are exact, or {@code bound} passes; the time is that of
   * the first of the two.
   */
  public Outcome await(Duration bound) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + bound.toNanos();
    Result last = tryCompare();
    while (true) {
      if (last.exact()) {
        long at = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(300);
        Result confirm = tryCompare();
        if (confirm.exact()) {
          return new Outcome(true, TimeUnit.NANOSECONDS.toMillis(at - start), confirm);
        }
        last = confirm;
      }
      if (System.nanoTime() > deadline) {
        return new Outcome(false, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), last);
      }
      TimeUnit.MILLISECONDS.sleep(200);
      last = tryCompare();
    }
  }
}
