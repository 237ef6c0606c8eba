package dev.switchboard.sweeper.cli;

import dev.switchboard.core.observe.ProcessInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Gives the sweeper process its {@code inst}, before anything else it logs. */
@ApplicationScoped
public class SweeperInstance {

  void start(@Observes @Priority(2) StartupEvent event) {
    ProcessInstance.start("sweeper");
  }
}
