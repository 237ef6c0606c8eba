package dev.switchboard.api.read;

import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.PresenceLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns stored entries and their owners' leases into answers. Pure. */
public final class LeaseAwareReads {

  private final long ttlMs;

  public LeaseAwareReads(long ttlMs) {
    this.ttlMs = ttlMs;
  }

  public PresenceView view(
      String device, Optional<PresenceLocation> entry, Map<String, InstanceLease> leases) {
    if (entry.isEmpty()) {
      return PresenceView.offline(device);
    }
    PresenceLocation e = entry.get();
    InstanceLease lease = leases.get(e.owner().inst());
    if (lease == null || !lease.isFresh(ttlMs)) {
      return PresenceView.stale(device);
    }
    return new PresenceView(
        device,
        true,
        null,
        e.conn(),
        e.epoch(),
        e.owner().pod(),
        e.owner().podUid(),
        e.owner().node(),
        e.owner().inst(),
        e.sinceMs(),
        e.seenMs());
  }

  public List<PresenceView> views(
      List<String> devices,
      List<Optional<PresenceLocation>> entries,
      Map<String, InstanceLease> leases) {
    List<PresenceView> out = new ArrayList<>(devices.size());
    for (int i = 0; i < devices.size(); i++) {
      out.add(view(devices.get(i), entries.get(i), leases));
    }
    return out;
  }

  /** The distinct owner instances of the entries, for one lease read. */
  public static List<String> owners(List<Optional<PresenceLocation>> entries) {
    // Owners are few (one per edge pod) and entries up to a thousand: a set beats a stream here.
    Set<String> owners = new HashSet<>();
    for (Optional<PresenceLocation> entry : entries) {
      entry.ifPresent(e -> owners.add(e.owner().inst()));
    }
    return List.copyOf(owners);
  }
}
