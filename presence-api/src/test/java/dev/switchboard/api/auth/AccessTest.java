package dev.switchboard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.rest.EventsResource;
import dev.switchboard.api.rest.InstancesResource;
import dev.switchboard.api.rest.MessagesResource;
import dev.switchboard.api.rest.PresenceResource;
import dev.switchboard.api.rest.SweeperResource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {

  private final ApiKeys keys =
      new ApiKeys(true, ApiKeyEntries.parse(List.of("dash:xyz:read", "ops:s3cret:read+route")));

  @Test
  void aKeyWithTheScopeIsAllowed() {
    assertThat(Access.decide("Bearer xyz", keys, Scope.READ))
        .isInstanceOfSatisfying(
            Access.Allowed.class, a -> assertThat(a.key().name()).isEqualTo("dash"));
  }

  @Test
  void aKeyWithoutTheScopeIsForbiddenNamingTheScopeAndKey() {
    // when
    Access access = Access.decide("bearer xyz", keys, Scope.ROUTE);

    // then
    assertThat(access).isInstanceOf(Access.Forbidden.class);
    String detail = ((Access.Forbidden) access).detail("POST /v1/devices/d/messages");
    assertThat(detail)
        .contains("'dash'", "'route'", "POST /v1/devices/d/messages", "its scopes: read")
        .doesNotContain("xyz");
  }

  @Test
  void missingOrUnknownKeysAreUnauthenticated() {
    assertThat(Access.decide(null, keys, Scope.READ)).isInstanceOf(Access.Unauthenticated.class);
    assertThat(Access.decide("Basic eHl6", keys, Scope.READ))
        .isInstanceOf(Access.Unauthenticated.class);
    assertThat(Access.decide("Bearer nope", keys, Scope.READ))
        .isInstanceOf(Access.Unauthenticated.class);
  }

  @Test
  void everyRouteNeedsTheScopeTheIssueAssigns() {
    assertThat(Access.required(PresenceResource.class, null)).isEqualTo(Scope.READ);
    assertThat(Access.required(InstancesResource.class, null)).isEqualTo(Scope.READ);
    assertThat(Access.required(EventsResource.class, null)).isEqualTo(Scope.READ);
    assertThat(Access.required(SweeperResource.class, null)).isEqualTo(Scope.READ);
    assertThat(Access.required(MessagesResource.class, null)).isEqualTo(Scope.ROUTE);
  }

  @Test
  void aRouteThatNamesNoScopeNeedsAdmin() {
    assertThat(Access.required(Object.class, null)).isEqualTo(Scope.ADMIN);
  }
}
