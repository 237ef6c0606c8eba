package dev.switchboard.api.rest;

import dev.switchboard.api.auth.RequiresScope;
import dev.switchboard.api.auth.Scope;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.model.InstanceLease;
import dev.switchboard.core.model.InstanceRecord;
import dev.switchboard.core.store.DeviceIndex;
import dev.switchboard.core.store.InstanceRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Edge instances (live and expired), their devices, and totals. */
@RequiresScope(Scope.READ)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {

  private static final int MAX_INSTANCES = 10_000;

  private final InstanceRegistry registry;
  private final DeviceIndex index;
  private final long ttlMs;

  public InstancesResource(InstanceRegistry registry, DeviceIndex index, SwitchboardConfig shared) {
    this.registry = registry;
    this.index = index;
    this.ttlMs = shared.lease().ttl().toMillis();
  }

  /** One edge instance. {@code devices} is the size of its index (a superset of its entries). */
  public record InstanceView(
      String inst,
      String pod,
      String podUid,
      String node,
      long started,
      long heartbeatAgeMs,
      boolean live,
      long devices) {}

  public record InstancesResponse(List<InstanceView> instances) {}

  @GET
  @Path("/instances")
  @Operation(summary = "Live and expired edge instances with lease age and device count")
  public Uni<InstancesResponse> instances() {
    return registry
        .leases(MAX_INSTANCES)
        .chain(
            leases -> {
              List<String> insts = leases.stream().map(InstanceLease::inst).toList();
              return registry
                  .records(insts)
                  .chain(records -> sizes(insts).map(sizes -> build(leases, records, sizes)));
            });
  }

  private Uni<Map<String, Long>> sizes(List<String> insts) {
    if (insts.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Uni.join()
        .all(insts.stream().map(index::size).toList())
        .andFailFast()
        .map(
            counts -> {
              Map<String, Long> out = new HashMap<>();
              for (int i = 0; i < insts.size(); i++) {
                out.put(insts.get(i), counts.get(i));
              }
              return out;
            });
  }

  private InstancesResponse build(
      List<InstanceLease> leases, Map<String, InstanceRecord> records, Map<String, Long> sizes) {
    List<InstanceView> views = new ArrayList<>();
    for (InstanceLease lease : leases) {
      InstanceRecord r = records.get(lease.inst());
      views.add(
          new InstanceView(
              lease.inst(),
              r == null ? "" : r.info().owner().pod(),
              r == null ? "" : r.info().owner().podUid(),
              r == null ? "" : r.info().owner().node(),
              r == null ? 0 : r.startedMs(),
              lease.ageMs(),
              lease.isFresh(ttlMs),
              sizes.getOrDefault(lease.inst(), 0L)));
    }
    return new InstancesResponse(views);
  }

  public record DevicesPage(String inst, List<String> devices, String nextCursor) {}

  @GET
  @Path("/instances/{inst}/devices")
  @Operation(
      summary = "One page of an instance's devices; continue with nextCursor until it is \"0\"")
  @APIResponse(responseCode = "200", description = "one page (possibly empty) and nextCursor")
  @APIResponse(
      responseCode = "400",
      description = "bad instance id, cursor or limit (problem+json naming it)")
  @APIResponse(
      responseCode = "404",
      description = "no lease, record or device index for the instance (problem+json)")
  public Uni<DevicesPage> devices(
      @PathParam("inst") String inst,
      @QueryParam("cursor") @DefaultValue("0") String cursor,
      @QueryParam("limit") @DefaultValue("100") String limit) {
    PageRequest page = PageRequest.of(cursor, limit);
    if (!inst.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiProblem.badRequest(
          "instance id may contain only letters, digits, _ and - (1 to 64), got '" + inst + "'");
    }
    return index
        .scan(inst, page.cursor(), page.limit())
        .chain(
            scanned -> {
              DevicesPage answer = new DevicesPage(inst, scanned.devices(), scanned.nextCursor());
              boolean nothingIndexed =
                  "0".equals(page.cursor()) && scanned.isLast() && scanned.devices().isEmpty();
              return nothingIndexed
                  ? known(inst).replaceWith(answer)
                  : Uni.createFrom().item(answer);
            });
  }

  /**
   * Fails with a 404 when the instance has neither a lease nor an owner record (its index is empty
   * or gone): a mistyped id, or one the sweeper collected, rather than an edge with no devices.
   */
  private Uni<Void> known(String inst) {
    return registry
        .leasesOf(List.of(inst))
        .chain(
            leases ->
                leases.containsKey(inst)
                    ? Uni.createFrom().voidItem()
                    : registry
                        .record(inst)
                        .invoke(
                            record -> {
                              if (record.isEmpty()) {
                                throw ApiProblem.notFound(
                                    "no edge instance '"
                                        + inst
                                        + "' is known (no lease, record or device index);"
                                        + " GET /v1/instances lists them");
                              }
                            })
                        .replaceWithVoid());
  }

  public record Stats(
      long online,
      Map<String, Long> perPod,
      Map<String, Long> perInstance,
      int liveInstances,
      int expiredInstances) {}

  @GET
  @Path("/stats")
  @Operation(summary = "Devices per live pod and instance (from the instance indexes), and totals")
  public Uni<Stats> stats() {
    return instances()
        .map(
            response -> {
              long online = 0;
              int live = 0;
              Map<String, Long> perPod = new HashMap<>();
              Map<String, Long> perInstance = new HashMap<>();
              for (InstanceView v : response.instances()) {
                if (!v.live()) {
                  continue;
                }
                live++;
                online += v.devices();
                perPod.merge(v.pod(), v.devices(), Long::sum);
                perInstance.put(v.inst(), v.devices());
              }
              return new Stats(
                  online, perPod, perInstance, live, response.instances().size() - live);
            });
  }
}
