package dev.switchboard.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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

  @ParameterizedTest
  @EnumSource(LuaScript.class)
  void scriptsNeverBuildKeysThemselves(LuaScript script) {
    String code =
        script
            .body()
            .lines()
            .filter(l -> !l.stripLeading().startsWith("--"))
            .reduce("", String::concat);

    assertThat(code).doesNotContain("..").doesNotContain("KEYS[3]");
    // a second key only where both share one hash tag (ScriptCallsTest checks the slot)
    if (script != LuaScript.INSTANCE_FORGET) {
      assertThat(code).doesNotContain("KEYS[2]");
    }
  }

  @Test
  void shaIsTheLowercaseHexSha1OfTheBody() {
    assertThat(LuaScript.DEVICE_CLAIM.sha1()).matches("[0-9a-f]{40}");
    assertThat(Arrays.stream(LuaScript.values()).map(LuaScript::sha1).distinct())
        .hasSize(LuaScript.values().length);
  }
}
