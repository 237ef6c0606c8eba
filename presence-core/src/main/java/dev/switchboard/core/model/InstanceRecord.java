package dev.switchboard.core.model;

/**
 * A registered instance as stored in Redis; it outlives a crash so the sweeper can ask about it.
 */
public record InstanceRecord(InstanceInfo info, long startedMs) {
  public String inst() {
    return info.inst();
  }
}
