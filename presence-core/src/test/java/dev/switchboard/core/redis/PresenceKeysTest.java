package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PresenceKeysTest {

  private final PresenceKeys keys = new PresenceKeys(PresenceKeys.DEFAULT_PREFIX);

  @Test
  void buildsEveryKeyOfTheSchemaWithTheDefaultPrefix() {
    assertThat(keys.device("dev-1")).isEqualTo("sb:dev:{dev-1}");
    assertThat(keys.instance("i1")).isEqualTo("sb:inst:{i1}");
    assertThat(keys.instanceDevices("i1")).isEqualTo("sb:inst:{i1}:devices");
    assertThat(keys.instances()).isEqualTo("sb:instances");
    assertThat(keys.events()).isEqualTo("sb:events");
    assertThat(keys.inbox("i1")).isEqualTo("sb:inbox:{i1}");
    assertThat(keys.sweeperReport()).isEqualTo("sb:sweeper:last-run");
  }

  @Test
  void instanceRecordAndItsIndexShareOneHashTag() {
    assertThat(hashTag(keys.instance("abc"))).isEqualTo(hashTag(keys.instanceDevices("abc")));
  }

  @Test
  void deviceIdsWithColonsAndAtSignsStayInsideTheHashTag() {
    assertThat(hashTag(keys.device("user@example.com:phone"))).isEqualTo("user@example.com:phone");
  }

  @Test
  void customPrefixIsUsedForEveryKey() {
    PresenceKeys custom = new PresenceKeys("prod-eu:");
    assertThat(custom.device("d")).isEqualTo("prod-eu:dev:{d}");
    assertThat(custom.instances()).isEqualTo("prod-eu:instances");
  }

  @Test
  void prefixWithABraceIsRefused() {
    assertThatThrownBy(() -> new PresenceKeys("sb{x}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain");
  }

  /** What Redis Cluster hashes: the text between the first '{' and the next '}'. */
  static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return key.substring(open + 1, close);
  }
}
