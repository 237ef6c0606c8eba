package dev.switchboard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyEntriesTest {

  @Test
  void namedKeysCarryTheirScopes() {
    // when
    ApiKeyEntries.Parsed parsed =
        ApiKeyEntries.parse(List.of("ops:s3cret:read+route", " dash:xyz:read "));

    // then
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.keys())
        .extracting(ApiKey::name, ApiKey::scopes, ApiKey::legacy)
        .containsExactly(
            tuple("ops", Set.of(Scope.READ, Scope.ROUTE), false),
            tuple("dash", Set.of(Scope.READ), false));
  }

  @Test
  void plainSecretsAreNumberedKeysWithEveryScope() {
    // when
    ApiKeyEntries.Parsed parsed = ApiKeyEntries.parse(List.of("abc", "ops:s:admin", "def"));

    // then
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.keys())
        .extracting(ApiKey::name, ApiKey::legacy)
        .containsExactly(tuple("key-1", true), tuple("ops", false), tuple("key-2", true));
    assertThat(parsed.keys().get(0).scopes()).containsExactlyInAnyOrder(Scope.values());
  }

  @Test
  void badEntriesAreNamedWithoutTheirSecrets() {
    // when
    List<String> problems =
        ApiKeyEntries.parse(
                List.of(
                    "ops:topsecret1",
                    "dash:topsecret2:read+write",
                    "bad name:topsecret3:read",
                    "empty::read",
                    "twice:topsecret4:read",
                    "twice:topsecret5:route",
                    "copy:topsecret4:read"))
            .problems();

    // then
    assertThat(problems)
        .hasSize(6)
        .anyMatch(p -> p.startsWith("key 'ops' must be name:secret:scope"))
        .anyMatch(p -> p.contains("'dash'") && p.contains("unknown scope 'write'"))
        .anyMatch(p -> p.startsWith("key #3") && p.contains("name"))
        .anyMatch(p -> p.contains("'empty'") && p.contains("secret is empty"))
        .anyMatch(p -> p.equals("key 'twice' is named twice"))
        .anyMatch(p -> p.equals("key 'copy' has the same secret as another key"))
        .noneMatch(p -> p.contains("topsecret"));
  }

  @Test
  void keysAreFoundByTheirSecretOnly() {
    // given
    ApiKeys keys = new ApiKeys(true, ApiKeyEntries.parse(List.of("ops:s3cret:read", "plain")));

    // then
    assertThat(keys.authenticate("s3cret")).map(ApiKey::name).contains("ops");
    assertThat(keys.authenticate("plain")).map(ApiKey::name).contains("key-1");
    assertThat(keys.authenticate("ops:s3cret:read")).isEmpty();
    assertThat(keys.authenticate("s3cre")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
  }
}
