package dev.switchboard.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A new connection's claim on a device.
 *
 * @param staleHolderInst an instance the caller has checked to be stale (its lease expired): under
 *     {@link TakeoverPolicy#REJECT_NEW} a holder on that instance may still be replaced
 * @param flapLimit how many takeovers of a live holder the device may see in a window
 */
public record ClaimRequest(
    String device,
    String conn,
    Owner owner,
    String addr,
    Optional<String> meta,
    TakeoverPolicy policy,
    Optional<String> staleHolderInst,
    FlapLimit flapLimit) {

  public ClaimRequest {
    DeviceIds.requireValid(device);
    Objects.requireNonNull(conn, "conn");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(addr, "addr");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(staleHolderInst, "staleHolderInst");
    Objects.requireNonNull(flapLimit, "flapLimit");
  }

  /** A claim under the default policy (newest wins), without metadata. */
  public static ClaimRequest newest(String device, String conn, Owner owner, String addr) {
    return new ClaimRequest(
        device,
        conn,
        owner,
        addr,
        Optional.empty(),
        TakeoverPolicy.NEWEST,
        Optional.empty(),
        FlapLimit.NONE);
  }
}
