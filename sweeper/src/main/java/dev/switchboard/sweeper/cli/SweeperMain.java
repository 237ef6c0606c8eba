package dev.switchboard.sweeper.cli;

import dev.switchboard.sweeper.config.SweeperConfig;
import dev.switchboard.sweeper.kube.EdgePods;
import dev.switchboard.sweeper.loop.LeaderLoop;
import dev.switchboard.sweeper.loop.LoopHealth;
import dev.switchboard.sweeper.loop.SweeperMetrics;
import dev.switchboard.sweeper.run.SweepReport;
import dev.switchboard.sweeper.run.SweepRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.health.Liveness;

/** Entry point: one sweep for a CronJob, or the leader-elected loop for a Deployment. */
@QuarkusMain
public class SweeperMain implements QuarkusApplication {

  @Inject SweepRunner runner;
  @Inject SweeperConfig config;
  @Inject SweeperMetrics metrics;
  @Inject KubernetesClient client;
  @Inject EdgePods pods;
  @Inject @Liveness LoopHealth health;

  @Override
  public int run(String... args) {
    SweeperArgs parsed;
    try {
      parsed = SweeperArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sweeper: " + e.getMessage() + "\n" + SweeperArgs.USAGE);
      return 2;
    }
    if (parsed.help()) {
      System.out.println(SweeperArgs.USAGE);
      return 0;
    }
    String mode = parsed.mode().orElse(config.mode());
    boolean dryRun = parsed.dryRun() || config.dryRun();
    // The mode is run-once or loop: SweeperArgs checks --mode, SweeperConfigProblems the setting.
    if (mode.equals("loop")) {
      return loop(dryRun);
    }
    SweepReport report = runner.runOnce(dryRun);
    System.out.println(report.toJson().encode());
    return report.ok() ? 0 : 1;
  }

  private int loop(boolean dryRun) {
    boolean kubernetes = config.kubernetes().enabled();
    String identity =
        Optional.ofNullable(System.getenv("POD_NAME")).orElse("sweeper-" + UUID.randomUUID());
    try (LeaderLoop loop =
        new LeaderLoop(
            kubernetes ? Optional.of(client) : Optional.empty(),
            kubernetes ? pods.namespace() : "",
            config.kubernetes().leaseName(),
            identity,
            config.interval(),
            () -> {
              SweepReport report = runner.runOnce(dryRun);
              metrics.record(report);
              if (!report.ok() || report.expired() > 0) {
                System.out.println(report.toJson().encode());
              }
            })) {
      health.watch(loop);
      loop.start();
      Quarkus.waitForExit();
    }
    return 0;
  }
}
