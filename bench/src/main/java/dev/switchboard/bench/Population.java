package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.IntUnaryOperator;

/**
 * Connects a numbered population of simulated devices and waits until each is welcomed or failed.
 */
final class Population {

  private Population() {}

  static List<SimDevice> connect(
      Fleet fleet,
      List<Target> targets,
      String prefix,
      int count,
      IntUnaryOperator targetOf,
      SimDevice.Counters counters)
      throws InterruptedException {
    List<SimDevice> devices = new ArrayList<>(count);
    Semaphore inFlight = new Semaphore(128);
    for (int i = 0; i < count; i++) {
      SimDevice device = new SimDevice(prefix + i, fleet, targets, true, counters);
      devices.add(device);
      inFlight.acquire();
      device.connect(targetOf.applyAsInt(i)).onComplete(r -> inFlight.release());
    }
    inFlight.acquire(128);
    return devices;
  }

  static List<String> ids(List<SimDevice> devices) {
    return devices.stream().map(d -> d.id).toList();
  }
}
