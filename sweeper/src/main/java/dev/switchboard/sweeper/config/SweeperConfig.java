package dev.switchboard.sweeper.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sweeper settings; the lease TTL and key prefix are shared (presence-core). */
@ConfigMapping(prefix = "switchboard.sweeper")
public interface SweeperConfig {

  /**
   * {@code run-once} (a CronJob; exits after one run) or {@code loop} (a Deployment with leader
   * election).
   */
  @WithDefault("run-once")
  String mode();

  /** Report what would be swept, delete nothing. */
  @WithDefault("false")
  boolean dryRun();

  /** Extra time past the lease TTL before an instance is judged at all. */
  @WithDefault("15s")
  Duration grace();

  /** How long a silent instance on a running pod stays only suspect. */
  @WithDefault("5m")
  Duration suspectTimeout();

  /** Devices swept per pipelined batch. */
  @WithDefault("500")
  int batchSize();

  /** At most this many entries per run; the rest waits for the next run. */
  @WithDefault("100000")
  int maxEntriesPerRun();

  /** Period of the loop mode. */
  @WithDefault("30s")
  Duration interval();

  /** Kubernetes access. */
  Kube kubernetes();

  /** Kubernetes settings. */
  interface Kube {
    /** Ask Kubernetes about pods; false for a local run, where the lease alone decides. */
    @WithDefault("true")
    boolean enabled();

    /** Namespace of the edge pods; empty for the namespace the client is configured for. */
    java.util.Optional<String> namespace();

    /** Label selector of the edge pods. */
    @WithDefault("app.kubernetes.io/component=ws-edge")
    String podSelector();

    /** Also read each suspect pod's node, to sweep pods whose node is unreachable. */
    @WithDefault("true")
    boolean checkNodes();

    /** Name of the coordination.k8s.io Lease used for leader election in loop mode. */
    @WithDefault("switchboard-sweeper")
    String leaseName();
  }
}
