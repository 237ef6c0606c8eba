package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalConnectionsTest {

  private static EdgeConnection socket(String conn, String device) {
    return new EdgeConnection(conn, device, "10.0.0.1", null, null, Optional.empty(), 0, 0);
  }

  @Test
  void aNewcomerThatLeavesDoesNotHideTheDevicesOtherSocket() {
    // given: the owner, then a newcomer of the same device (to be refused)
    LocalConnections local = new LocalConnections();
    EdgeConnection owner = socket("c1", "d");
    EdgeConnection newcomer = socket("c2", "d");
    local.add(owner);
    local.add(newcomer);
    assertThat(local.hasOtherThan("d", newcomer)).isTrue();

    // when
    local.remove(newcomer);

    // then
    assertThat(local.hasDevice("d")).isTrue();
    assertThat(local.hasOtherThan("d", owner)).isFalse();
    assertThat(local.byConn("c2")).isEmpty();
    local.remove(owner);
    assertThat(local.hasDevice("d")).isFalse();
    assertThat(local.size()).isZero();
  }

  @Test
  void removingOneSocketTwiceOrOneNeverAddedChangesNothing() {
    LocalConnections local = new LocalConnections();
    EdgeConnection a = socket("c1", "d");
    EdgeConnection b = socket("c2", "d");
    EdgeConnection stranger = socket("c3", "d");
    local.add(a);
    local.add(b);

    local.remove(stranger);
    local.remove(a);
    local.remove(a);

    assertThat(local.hasDevice("d")).isTrue();
    assertThat(local.hasOtherThan("d", b)).isFalse();
    assertThat(local.hasOtherThan("d", a)).isTrue();
  }

  @Test
  void aRefusedNewcomerDoesNotKeepTheDeviceInTheIndexForTheOwner() {
    LocalConnections local = new LocalConnections();
    EdgeConnection owner = socket("c1", "d");
    EdgeConnection refused = socket("c2", "d");
    local.add(owner);
    local.add(refused);
    refused.markClosing(SocketEnd.ALREADY_ONLINE);

    assertThat(local.hasOtherThan("d", owner)).isFalse();
    assertThat(local.hasDevice("d")).isTrue();
  }
}
