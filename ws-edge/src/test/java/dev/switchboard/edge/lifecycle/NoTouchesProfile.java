package dev.switchboard.edge.lifecycle;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Touches so rare that none comes during a test: the audit alone compares sockets with entries
 * (with the default fast touches a touch could confirm or heal a socket first).
 */
public class NoTouchesProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("switchboard.edge.presence.touch-interval", "1000h");
  }
}
