package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LuaScriptTest {

  @ParameterizedTest
  @EnumSource(LuaScript.class)
  void everyScriptOpensWithItsKeysArgvAndReturnContract(LuaScript script) {
    String header =
        script.body().lines().takeWhile(l -> l.startsWith("--")).reduce("", String::concat);

    assertThat(header).startsWith("-- " + script.fileName() + ":");
    assertThat(header).contains("KEYS[1]").contains("ARGV[1]").contains("Returns");
  }

  /** Commands whose first argument is not a key. */
  private static final Set<String> KEYLESS = Set.of("TIME");

  private static final Pattern CALL = Pattern.compile("redis\\.call\\('([A-Z]+)'(?:, *([^,)]+))?");

  @ParameterizedTest
  @EnumSource(LuaScript.class)
  void scriptsNeverBuildKeysThemselves(LuaScript script) {
    String code =
        script
            .body()
            .lines()
            .filter(l -> !l.stripLeading().startsWith("--"))
            .reduce("", (a, b) -> a + "\n" + b);

    // every command touches a key it was given: KEYS[i], never a name built in Lua (the slot of
    // each call's keys is checked in ScriptCallsTest)
    Matcher call = CALL.matcher(code);
    int calls = 0;
    while (call.find()) {
      calls++;
      if (!KEYLESS.contains(call.group(1))) {
        assertThat(call.group(2)).as(call.group()).matches("KEYS\\[(\\d+|i)\\]");
      }
    }
    assertThat(calls).isPositive();
    assertThat(code).doesNotContain(".. KEYS").doesNotContain("KEYS[1] ..");
  }

  @Test
  void shaIsTheLowercaseHexSha1OfTheBody() {
    assertThat(LuaScript.DEVICE_CLAIM.sha1()).matches("[0-9a-f]{40}");
    assertThat(Arrays.stream(LuaScript.values()).map(LuaScript::sha1).distinct())
        .hasSize(LuaScript.values().length);
  }
}
