package dev.switchboard.core;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Runs a step once after a delay, on Mutiny's default scheduler: the retries' one timer. */
public final class Delayed {

  private Delayed() {}

  public static void run(Duration delay, Runnable step) {
    Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(delay)
        .subscribe()
        .with(ok -> step.run(), failure -> {});
  }
}
