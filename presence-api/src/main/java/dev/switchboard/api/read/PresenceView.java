package dev.switchboard.api.read;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer about one device. Online means: an entry exists and its owner instance's lease is
 * fresh. An entry whose owner's lease expired reads {@code online:false, stale:true}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceView(
    String device,
    boolean online,
    Boolean stale,
    String conn,
    Long epoch,
    String pod,
    String podUid,
    String node,
    String inst,
    Long since,
    Long seen) {

  public static PresenceView offline(String device) {
    return new PresenceView(device, false, null, null, null, null, null, null, null, null, null);
  }

  public static PresenceView stale(String device) {
    return new PresenceView(device, false, true, null, null, null, null, null, null, null, null);
  }
}
