package dev.switchboard.core.model;

import java.util.Objects;

/** What an edge instance says about itself when it registers. */
public record InstanceInfo(Owner owner, String version) {
  public InstanceInfo {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(version, "version");
  }

  public String inst() {
    return owner.inst();
  }
}
