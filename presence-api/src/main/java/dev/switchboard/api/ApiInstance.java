package dev.switchboard.api;

import dev.switchboard.core.observe.ProcessInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Gives the presence-api process its {@code inst}, before anything else it logs. */
@ApplicationScoped
public class ApiInstance {

  void start(@Observes @Priority(2) StartupEvent event) {
    ProcessInstance.start("presence-api");
  }
}
