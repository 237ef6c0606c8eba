package dev.switchboard.sweeper.run;

import dev.switchboard.core.redis.RedisFailures;
import dev.switchboard.sweeper.run.SweepReport.Abort;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the failure that aborted a run into its {@link Abort}, by exception type. Pure. */
final class AbortCauses {

  private AbortCauses() {}

  static Abort of(Throwable failure) {
    if (failure instanceof PodSelectorMismatchException) {
      return new Abort(Abort.Source.POD_SELECTOR, failure.getMessage());
    }
    Abort.Source source =
        causedByKubernetes(failure) ? Abort.Source.KUBERNETES_API : Abort.Source.SWEEP;
    return new Abort(source, RedisFailures.describe(failure));
  }

  private static boolean causedByKubernetes(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException) {
        return true;
      }
    }
    return false;
  }
}
