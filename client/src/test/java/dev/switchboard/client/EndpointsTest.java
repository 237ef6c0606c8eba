package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  @Test
  void addsTheDeviceAndDefaultsThePath() {
    assertThat(Endpoints.connectUri(URI.create("ws://edge:8081"), "phone-1", Optional.empty()))
        .isEqualTo(URI.create("ws://edge:8081/v1/connect?device=phone-1"));
    assertThat(
            Endpoints.connectUri(
                URI.create("https://edge.example/v1/connect?x=1"), "a:b@c", Optional.empty()))
        .isEqualTo(URI.create("wss://edge.example/v1/connect?x=1&device=a%3Ab%40c"));
  }

  @Test
  void carriesTheTokenInTheQueryWhenAsked() {
    assertThat(Endpoints.connectUri(URI.create("ws://edge:8081/"), "d", Optional.of("t.k+n")))
        .isEqualTo(URI.create("ws://edge:8081/v1/connect?device=d&access_token=t.k%2Bn"));
  }

  @Test
  void refusesWhatIsNotAWebSocketOrHttpUri() {
    assertThatThrownBy(() -> Endpoints.connectUri(URI.create("ftp://edge/"), "d", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://edge/");
  }

  @Test
  void reconnectsGoToEachEndpointInTurn() {
    assertThat(Endpoints.next(0, 1)).isZero();
    assertThat(Endpoints.next(0, 3)).isEqualTo(1);
    assertThat(Endpoints.next(2, 3)).isZero();
  }
}
