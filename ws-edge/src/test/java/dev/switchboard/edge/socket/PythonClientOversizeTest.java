package dev.switchboard.edge.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.auth.TestTokens;
import dev.switchboard.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * P7 with a client nobody here wrote: Python {@code websockets} (Debian's {@code
 * python3-websockets}, which {@code .ci/run} installs) sends a 1 MiB message as one frame and
 * reports the close it received. Skipped, saying why, where no python3 has the library.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class PythonClientOversizeTest {

  @TestHTTPResource("/")
  URI base;

  /** The first python3 that imports {@code websockets}: Debian's first (pyenv shims lack it). */
  private static Optional<String> pythonWithWebsockets() {
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process probe =
            new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return Optional.of(python);
        }
      } catch (IOException e) {
        // not installed under that name: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Test
  @DisplayName(
      "P7: Python websockets sending one 1 MiB message receives close 1009 naming the limit")
  void pythonWebsocketsReceivesTheCloseFrame() throws Exception {
    // given
    Optional<String> python = pythonWithWebsockets();
    Assumptions.assumeTrue(
        python.isPresent(),
        "no python3 with the websockets library (apt-get install python3-websockets)");
    Path script = Files.createTempFile("send_one_message", ".py");
    try (InputStream source = getClass().getResourceAsStream("/thirdparty/send_one_message.py")) {
      Files.write(script, source.readAllBytes());
    }
    String url = "ws://" + base.getHost() + ":" + base.getPort() + "/v1/connect";

    // when
    Process client =
        new ProcessBuilder(
                python.get(),
                script.toString(),
                url,
                TestTokens.forDevice("py-" + System.nanoTime()),
                Integer.toString(1024 * 1024))
            .redirectErrorStream(true)
            .start();
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = client.waitFor(60, TimeUnit.SECONDS);

    // then
    assertThat(exited).as(output).isTrue();
    assertThat(output.strip()).isEqualTo("close 1009 message too large; limit 4096 bytes");
    Files.deleteIfExists(script);
  }
}
