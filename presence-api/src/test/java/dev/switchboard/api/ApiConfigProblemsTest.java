package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.config.InvalidConfigException;
import dev.switchboard.core.testing.SharedSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiConfigProblemsTest {

  @Test
  void defaultsWithAKeyAreValid() {
    assertThat(ApiConfigProblems.of(1000, 65536, true, List.of("k1"))).isEmpty();
  }

  @Test
  void anOutboxThatCouldNotHoldTheLargestPayloadIsNamed() {
    assertThat(ApiConfigProblems.ofDelivery(65536, 1 << 20)).isEmpty();
    assertThat(ApiConfigProblems.ofDelivery(65536, 1000))
        .singleElement()
        .asString()
        .startsWith("switchboard.delivery.max-bytes (1000)")
        .contains("switchboard.api.max-message-bytes (65536)");
  }

  @Test
  void authOffNeedsNoKey() {
    assertThat(ApiConfigProblems.of(1000, 65536, false, List.of())).isEmpty();
  }

  @Test
  void everyBadKeyIsNamed() {
    assertThat(ApiConfigProblems.of(0, -1, true, List.of(" ")))
        .hasSize(3)
        .anyMatch(p -> p.startsWith("switchboard.api.max-lookup"))
        .anyMatch(p -> p.startsWith("switchboard.api.max-message-bytes"))
        .anyMatch(p -> p.startsWith("switchboard.api.auth.keys"));
  }

  @Test
  void badKeyEntriesFailStartUpNamingTheKeyNotTheSecret() {
    // given
    ApiConfig config = config(true, Optional.of(List.of("ops:hunter2:read+write")));

    // when / then
    assertThatThrownBy(() -> new ApiConfigProblems().check(null, config, SharedSettings.defaults()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.api.auth.keys: key 'ops'")
        .hasMessageContaining("unknown scope 'write'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void startUpFailsWhenAuthIsOnWithoutKeys() {
    // given
    ApiConfig config = config(true, Optional.empty());

    // when / then
    assertThatThrownBy(() -> new ApiConfigProblems().check(null, config, SharedSettings.defaults()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("switchboard.api.auth.keys");
  }

  @Test
  void startUpPassesWithAuthOffAndNoKeys() {
    // given
    ApiConfig config = config(false, Optional.empty());

    // when
    new ApiConfigProblems().check(null, config, SharedSettings.defaults());

    // then
    assertThat(ApiConfigProblems.of(config)).isEmpty();
  }

  private static ApiConfig config(boolean authEnabled, Optional<List<String>> keys) {
    return new ApiConfig() {
      public int maxLookup() {
        return 1000;
      }

      public int maxMessageBytes() {
        return 65536;
      }

      public Auth auth() {
        return new Auth() {
          public boolean enabled() {
            return authEnabled;
          }

          public Optional<List<String>> keys() {
            return keys;
          }
        };
      }
    };
  }
}
