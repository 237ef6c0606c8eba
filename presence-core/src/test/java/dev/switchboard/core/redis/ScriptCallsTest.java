package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.ClaimRequest;
import dev.switchboard.core.model.FlapLimit;
import dev.switchboard.core.model.InstanceInfo;
import dev.switchboard.core.model.OutboxLimits;
import dev.switchboard.core.model.OutboxStoreRequest;
import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.ReclaimRequest;
import dev.switchboard.core.model.StreamId;
import dev.switchboard.core.model.TakeoverPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptCallsTest {

  private static final Owner OWNER = new Owner("i1", "edge-0", "uid-0", "node-a");
  private final ScriptCalls calls = new ScriptCalls(new PresenceKeys("sb:"));

  @Test
  void claimPassesOwnerAddressMetaPolicyAndStaleInstanceInContractOrder() {
    ScriptCall call =
        calls.claim(
            new ClaimRequest(
                "d1",
                "c1",
                OWNER,
                "10.1.2.3:4000",
                Optional.of("{}"),
                TakeoverPolicy.REJECT_NEW,
                Optional.of("dead"),
                FlapLimit.NONE));

    assertThat(call.script()).isEqualTo(LuaScript.DEVICE_CLAIM);
    assertThat(call.keys()).containsExactly("sb:dev:{d1}", "sb:out:{d1}");
    assertThat(call.args())
        .containsExactly(
            "c1",
            "i1",
            "edge-0",
            "uid-0",
            "node-a",
            "10.1.2.3:4000",
            "{}",
            "reject-new",
            "dead",
            "0",
            "0");
  }

  @Test
  void claimWithoutMetaOrStaleInstancePassesEmptyStrings() {
    ScriptCall call = calls.claim(ClaimRequest.newest("d1", "c1", OWNER, "a"));

    assertThat(call.args()).endsWith("a", "", "newest", "", "0", "0");
  }

  @Test
  void claimPassesTheFlapLimitInMillis() {
    ScriptCall call =
        calls.claim(
            new ClaimRequest(
                "d1",
                "c1",
                OWNER,
                "a",
                Optional.empty(),
                TakeoverPolicy.NEWEST,
                Optional.empty(),
                new FlapLimit(java.time.Duration.ofSeconds(30), 5)));

    assertThat(call.args()).endsWith("30000", "5");
  }

  @Test
  void touchReleaseAndSweepTakeOneDeviceKey() {
    assertThat(calls.touch("d1", "c1", 42))
        .isEqualTo(
            new ScriptCall(LuaScript.DEVICE_TOUCH, List.of("sb:dev:{d1}"), List.of("c1", "42")));
    assertThat(calls.release("d1", "c1"))
        .isEqualTo(new ScriptCall(LuaScript.DEVICE_RELEASE, List.of("sb:dev:{d1}"), List.of("c1")));
    assertThat(calls.sweep("d1", "i9"))
        .isEqualTo(new ScriptCall(LuaScript.DEVICE_SWEEP, List.of("sb:dev:{d1}"), List.of("i9")));
  }

  @Test
  void reclaimPassesSocketStartTimeOrEmptyForNow() {
    ScriptCall withSince =
        calls.reclaim(new ReclaimRequest("d1", "c1", 7, OWNER, "a", Optional.empty(), 1234L));
    ScriptCall withoutSince =
        calls.reclaim(new ReclaimRequest("d1", "c1", 7, OWNER, "a", Optional.empty(), 0L));

    assertThat(withSince.args())
        .containsExactly("c1", "i1", "edge-0", "uid-0", "node-a", "a", "", "1234", "7");
    assertThat(withoutSince.args().get(7)).isEqualTo("");
  }

  @Test
  void instanceScriptsUseTheInstanceHashOrTheLeaseSet() {
    assertThat(calls.registerInstance(new InstanceInfo(OWNER, "1.0")))
        .isEqualTo(
            new ScriptCall(
                LuaScript.INSTANCE_REGISTER,
                List.of("sb:inst:{i1}"),
                List.of("edge-0", "uid-0", "node-a", "1.0")));
    assertThat(calls.heartbeat("i1"))
        .isEqualTo(
            new ScriptCall(LuaScript.INSTANCE_HEARTBEAT, List.of("sb:instances"), List.of("i1")));
    assertThat(calls.listInstances(15_000, 50).args()).containsExactly("15000", "50");
  }

  @Test
  void listInstancesRefusesNegativeAgeOrEmptyLimit() {
    assertThatThrownBy(() -> calls.listInstances(-1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calls.listInstances(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unregisterStepsAreSplitBySlot() {
    assertThat(calls.unregisterIfUnchanged("i1", 1234L))
        .isEqualTo(
            new ScriptCall(
                LuaScript.INSTANCE_UNREGISTER_IF_UNCHANGED,
                List.of("sb:instances"),
                List.of("i1", "1234")));
    assertThat(calls.forgetInstance("i1", Optional.of("3")))
        .isEqualTo(
            new ScriptCall(
                LuaScript.INSTANCE_FORGET,
                List.of("sb:inst:{i1}", "sb:inst:{i1}:devices"),
                List.of("3")));
    assertThat(calls.forgetInstance("i1", Optional.empty()).args()).containsExactly("");
  }

  @Test
  void everyScriptCallTouchesTheKeysOfOneSlot() {
    List<ScriptCall> all =
        List.of(
            calls.claim(ClaimRequest.newest("d1", "c1", OWNER, "a")),
            calls.touch("d1", "c1", 1),
            calls.release("d1", "c1"),
            calls.reclaim(new ReclaimRequest("d1", "c1", 1, OWNER, "a", Optional.empty(), 0)),
            calls.sweep("d1", "i1"),
            calls.locate(List.of("d1")),
            calls.registerInstance(new InstanceInfo(OWNER, "v")),
            calls.heartbeat("i1"),
            calls.listInstances(0, 1),
            calls.unregisterIfUnchanged("i1", 1),
            calls.forgetInstance("i1", Optional.of("1")),
            calls.outboxStore(STORE, Duration.ofMinutes(10)),
            calls.outboxRead("d1", StreamId.ZERO, 8),
            calls.outboxAck("d1", "c1", 7, new StreamId(5, 1)),
            calls.outboxState("d1", "m1"));

    assertThat(all)
        .allSatisfy(
            call ->
                assertThat(call.keys().stream().map(ScriptCallsTest::hashTag).distinct())
                    .hasSize(1));
    // every call about a device travels down the connection its entry key routes to
    assertThat(all)
        .filteredOn(call -> call.keys().get(0).contains("{d1}"))
        .extracting(ScriptCall::routingKey)
        .containsOnly("sb:dev:{d1}");
    assertThat(all).extracting(ScriptCall::script).containsExactlyInAnyOrder(LuaScript.values());
  }

  @Test
  void locatePassesTheDeviceKeysInOrderAndTheEightLocationFields() {
    ScriptCall call = calls.locate(List.of("d2", "d1", "d2"));

    assertThat(call.script()).isEqualTo(LuaScript.DEVICES_LOCATE);
    assertThat(call.keys()).containsExactly("sb:dev:{d2}", "sb:dev:{d1}", "sb:dev:{d2}");
    assertThat(call.args())
        .containsExactly("conn", "epoch", "inst", "pod", "podUid", "node", "since", "seen");
  }

  private static final OutboxStoreRequest STORE =
      new OutboxStoreRequest(
          "d1", "m1", "{\"a\":1}", Duration.ofSeconds(30), new OutboxLimits(100, 4096));

  @Test
  void outboxStorePassesIdPayloadTtlCapsAndRetentionOverTheDevicesKeys() {
    ScriptCall call = calls.outboxStore(STORE, Duration.ofMinutes(10));

    assertThat(call.script()).isEqualTo(LuaScript.OUTBOX_STORE);
    assertThat(call.keys())
        .containsExactly(
            "sb:dev:{d1}",
            "sb:out:{d1}",
            "sb:out:{d1}:acked",
            "sb:out:{d1}:meta",
            "sb:out:{d1}:ids",
            "sb:out:{d1}:expiry",
            "sb:out:{d1}:forget");
    assertThat(call.args()).containsExactly("m1", "{\"a\":1}", "30000", "100", "4096", "600000");
  }

  @Test
  void outboxReadAckAndStatePassTheirArgumentsInContractOrder() {
    assertThat(calls.outboxRead("d1", new StreamId(12, 3), 32).args())
        .containsExactly("12-3", "32");
    assertThat(calls.outboxAck("d1", "c1", 99, new StreamId(12, 3)).keys())
        .containsExactly(
            "sb:dev:{d1}",
            "sb:out:{d1}",
            "sb:out:{d1}:acked",
            "sb:out:{d1}:meta",
            "sb:out:{d1}:expiry");
    assertThat(calls.outboxAck("d1", "c1", 99, new StreamId(12, 3)).args())
        .containsExactly("c1", "99", "12-3");
    assertThat(calls.outboxState("d1", "m1").args()).containsExactly("m1");
    assertThatThrownBy(() -> calls.outboxRead("d1", StreamId.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The part of a key Redis Cluster hashes: the first {…} tag, or the whole key. */
  private static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = open < 0 ? -1 : key.indexOf('}', open + 1);
    return close > open + 1 ? key.substring(open + 1, close) : key;
  }
}
