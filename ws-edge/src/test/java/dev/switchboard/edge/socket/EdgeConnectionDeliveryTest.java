package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.delivery.DeliveryWindow;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A welcomed socket with nothing waiting makes no delivery window (about 150 bytes of each idle
 * socket); one made later, by a wake, starts at once.
 */
class EdgeConnectionDeliveryTest {

  private static final int WINDOW = 8;

  private static EdgeConnection socket() {
    return new EdgeConnection("c1", "d", "10.0.0.1", null, null, Optional.empty(), 0, 0);
  }

  @Test
  @DisplayName("a welcome with nothing waiting makes no delivery window")
  void welcomeWithNothingWaitingMakesNoWindow() {
    // given
    EdgeConnection c = socket();

    // when
    Optional<DeliveryWindow> made = c.startDelivery();

    // then
    assertThat(made).isEmpty();
    assertThat(c.delivery()).isEmpty();
  }

  @Test
  @DisplayName("a window made after the welcome is started: a wake asks for a read")
  void windowMadeAfterTheWelcomeIsStarted() {
    // given
    EdgeConnection c = socket();
    c.startDelivery();

    // when
    Optional<DeliveryWindow.Read> read = c.delivery(WINDOW).wake();

    // then
    assertThat(read).isPresent();
  }

  @Test
  @DisplayName("a window made by a wake before the welcome waits for it")
  void windowMadeBeforeTheWelcomeWaits() {
    // given
    EdgeConnection c = socket();

    // when
    Optional<DeliveryWindow.Read> early = c.delivery(WINDOW).wake();
    Optional<DeliveryWindow> made = c.startDelivery();

    // then
    assertThat(early).isEmpty();
    assertThat(made).isPresent();
    assertThat(made.get().start(false)).isPresent();
  }
}
