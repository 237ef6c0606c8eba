package dev.switchboard.api.read;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Lease-aware lookups: one pipelined read of the entries, one of their owners' leases. */
@ApplicationScoped
public class PresenceReader {

  private final PresenceStore store;
  private final InstanceRegistry registry;
  private final LeaseAwareReads reads;

  private final io.micrometer.core.instrument.MeterRegistry metrics;

  public PresenceReader(
      PresenceStore store,
      InstanceRegistry registry,
      SwitchboardConfig shared,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.store = store;
    this.registry = registry;
    this.metrics = metrics;
    this.reads = new LeaseAwareReads(shared.lease().ttl().toMillis());
  }

  public Uni<List<PresenceView>> lookup(List<String> devices) {
    return store
        .entries(devices)
        .chain(
            entries ->
                registry
                    .leasesOf(LeaseAwareReads.owners(entries))
                    .map(leases -> reads.views(devices, entries, leases)))
        .invoke(this::count);
  }

  private void count(List<PresenceView> views) {
    long online = views.stream().filter(PresenceView::online).count();
    long stale = views.stream().filter(v -> Boolean.TRUE.equals(v.stale())).count();
    metrics.counter("switchboard.api.lookups", "outcome", "online").increment(online);
    metrics.counter("switchboard.api.lookups", "outcome", "stale").increment(stale);
    metrics
        .counter("switchboard.api.lookups", "outcome", "offline")
        .increment(views.size() - online - stale);
  }

  public Uni<PresenceView> lookup(String device) {
    return lookup(List.of(device)).map(list -> list.get(0));
  }
}
