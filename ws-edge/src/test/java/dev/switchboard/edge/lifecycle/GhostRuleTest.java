package dev.switchboard.edge.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceEntry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GhostRuleTest {

  private static final String ME = "i-me";

  private static Optional<PresenceEntry> held(String device, String conn, String inst) {
    return Optional.of(
        new PresenceEntry(
            device,
            conn,
            7,
            new Owner(inst, "pod", "uid", "node"),
            1,
            2,
            "addr",
            Optional.empty()));
  }

  @Test
  void anEntryOfThisInstanceUnderAConnectionItNoLongerHoldsIsAGhost() {
    // when
    List<GhostRule.Ghost> ghosts =
        GhostRule.ghosts(ME, List.of(held("d1", "gone", ME)), conn -> false);

    // then
    assertThat(ghosts).containsExactly(new GhostRule.Ghost("d1", "gone", 7));
  }

  @Test
  void aDeviceThatReconnectedToThisPodMeanwhileKeepsItsFreshEntry() {
    // given: the scan saw no socket for d1, but before the entry was read d1 reconnected here
    Set<String> localConns = Set.of("fresh");

    // when
    List<GhostRule.Ghost> ghosts =
        GhostRule.ghosts(ME, List.of(held("d1", "fresh", ME)), localConns::contains);

    // then
    assertThat(ghosts).isEmpty();
  }

  @Test
  void entriesOfOtherInstancesAndAbsentEntriesAreNeverGhosts() {
    // when
    List<GhostRule.Ghost> ghosts =
        GhostRule.ghosts(ME, List.of(held("d1", "c1", "i-other"), Optional.empty()), c -> false);

    // then
    assertThat(ghosts).isEmpty();
  }
}
