package dev.switchboard.api.read;

import dev.switchboard.api.ApiMetrics;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.store.InstanceRegistry;
import dev.switchboard.core.store.PresenceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lease-aware lookups: one pipelined read of the entries; their owners' leases come from the {@link
 * LeaseCache} snapshot, and from Redis only for owners it does not know yet.
 */
@ApplicationScoped
public class PresenceReader {

  private final PresenceStore store;
  private final InstanceRegistry registry;
  private final LeaseAwareReads reads;
  private final long ttlMs;

  private final LeaseCache leases;
  private final ApiMetrics metrics;

  public PresenceReader(
      PresenceStore store,
      InstanceRegistry registry,
      SwitchboardConfig shared,
      LeaseCache leases,
      ApiMetrics metrics) {
    this.store = store;
    this.registry = registry;
    this.leases = leases;
    this.metrics = metrics;
    this.ttlMs = shared.lease().ttl().toMillis();
    this.reads = new LeaseAwareReads(ttlMs);
  }

  public Uni<List<PresenceView>> lookup(List<String> devices) {
    return store
        .locations(devices)
        .chain(
            entries -> {
              List<String> owners = LeaseAwareReads.owners(entries);
              Map<String, InstanceLease> known =
                  leases.current().freshLeasesOf(owners, ttlMs, System.nanoTime());
              if (known.size() == owners.size()) {
                return Uni.createFrom().item(reads.views(devices, entries, known));
              }
              List<String> unknown = owners.stream().filter(o -> !known.containsKey(o)).toList();
              return registry
                  .leasesOf(unknown)
                  .map(
                      fetched -> {
                        Map<String, InstanceLease> all = new HashMap<>(known);
                        all.putAll(fetched);
                        return reads.views(devices, entries, all);
                      });
            })
        .invoke(this::count);
  }

  private void count(List<PresenceView> views) {
    long online = 0;
    long stale = 0;
    for (PresenceView view : views) {
      if (view.online()) {
        online++;
      } else if (Boolean.TRUE.equals(view.stale())) {
        stale++;
      }
    }
    metrics.lookups(ApiMetrics.Lookup.ONLINE, online);
    metrics.lookups(ApiMetrics.Lookup.STALE, stale);
    metrics.lookups(ApiMetrics.Lookup.OFFLINE, views.size() - online - stale);
  }

  public Uni<PresenceView> lookup(String device) {
    return lookup(List.of(device)).map(list -> list.get(0));
  }
}
