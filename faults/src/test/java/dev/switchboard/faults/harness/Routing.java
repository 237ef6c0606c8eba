package dev.switchboard.faults.harness;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes one message to every device through {@code POST /v1/devices/{id}/messages} and checks that
 * each device received it on the socket it holds.
 */
public final class Routing {

  /**
   * @param statuses first answers by HTTP status
   * @param undelivered devices answered 202 whose socket did not receive the message in time
   * @param failed devices never answered 202
   */
  public record Result(
      Map<Integer, Integer> statuses, List<String> undelivered, List<String> odd, int failed) {

    /** Devices whose message was accepted (202), retries included. */
    public int accepted() {
      return statuses.values().stream().mapToInt(Integer::intValue).sum() - failed;
    }
  }

  private Routing() {}

  /** Routes once to every device; a 503 is not retried. */
  public static Result toEveryDevice(Rig rig, Duration deliveryBound) throws Exception {
    return toEveryDevice(rig, deliveryBound, Duration.ZERO);
  }

  /**
   * Routes to every device, retrying a 503 (no subscriber received it: an inbox being
   * re-subscribed) for up to {@code retryFor}; {@link Result#statuses()} counts first answers.
   */
  public static Result toEveryDevice(Rig rig, Duration deliveryBound, Duration retryFor)
      throws Exception {
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> odd = new ArrayList<>();
    List<Device> devices = rig.fleet.devices();
    String[] ids = new String[devices.size()];
    long retryUntil = System.nanoTime() + retryFor.toNanos();
    for (int i = 0; i < devices.size(); i++) {
      Device device = devices.get(i);
      HttpResponse<String> answer = rig.api().route(device.id(), new JsonObject().put("n", i));
      statuses.merge(answer.statusCode(), 1, Integer::sum);
      while (answer.statusCode() == 503 && System.nanoTime() < retryUntil) {
        Thread.sleep(100);
        answer = rig.api().route(device.id(), new JsonObject().put("n", i));
      }
      if (answer.statusCode() == 202) {
        ids[i] = new JsonObject(answer.body()).getString("id");
      } else if (odd.size() < 5) {
        odd.add(device.id() + " " + answer.statusCode() + " " + answer.body());
      }
    }
    long deadline = System.nanoTime() + deliveryBound.toNanos();
    List<String> undelivered;
    do {
      undelivered = new ArrayList<>();
      for (int i = 0; i < devices.size(); i++) {
        if (ids[i] != null && !devices.get(i).messages().contains(ids[i])) {
          undelivered.add(devices.get(i).id());
        }
      }
      if (!undelivered.isEmpty()) {
        Thread.sleep(100);
      }
    } while (!undelivered.isEmpty() && System.nanoTime() < deadline);
    int failed = 0;
    for (String id : ids) {
      if (id == null) {
        failed++;
      }
    }
    return new Result(statuses, undelivered, odd, failed);
  }
}
