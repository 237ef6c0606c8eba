package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How many upgrades that pass the edge's check and then fail in the WebSocket handshake (no {@code
 * Upgrade} header, as ingress-nginx sends with {@code Connection: close}; an unknown {@code
 * Sec-WebSocket-Version}) it takes before a good connect from the same address is refused 429. One
 * edge with the default per-address cap; {@code --repo} can point at another build.
 */
@Command(
    name = "failed-upgrades",
    mixinStandardHelpOptions = true,
    description = "failed upgrades until an address is locked out (per-IP slot leak)")
final class FailedUpgradesScenario implements Callable<Integer> {

  @Mixin BenchMain.Common common;

  @Option(names = "--cap", defaultValue = "1000", description = "per-IP connection cap")
  int cap;

  @Option(names = "--max", defaultValue = "3000", description = "failed upgrades at most")
  int max;

  @Option(
      names = "--probe-every",
      defaultValue = "25",
      description = "a good connect after this many failed upgrades")
  int probeEvery;

  @Override
  public Integer call() throws Exception {
    if (common.smoke) {
      cap = 5;
      max = 20;
      probeEvery = 1;
    }
    SystemUnderTest.Options options =
        SystemUnderTest.Options.edgesOnly(1)
            .withEdgeProperties(
                Map.of("switchboard.edge.limits.per-ip-connections", Integer.toString(cap)));
    try (SystemUnderTest sut = SystemUnderTest.start(common.repo(), options)) {
      int port = sut.edgePort(0);
      int failed = 0;
      int lockedOutAfter = -1;
      while (failed < max) {
        String status = upgrade(port, failed % 2 == 0 ? Failure.NO_UPGRADE : Failure.VERSION_99);
        if (status.contains(" 101 ")) {
          throw new IllegalStateException("a broken upgrade was accepted: " + status);
        }
        failed++;
        if (failed % probeEvery == 0 && upgrade(port, Failure.NONE).contains(" 429 ")) {
          lockedOutAfter = failed;
          break;
        }
      }
      new Report("failed-upgrades")
          .put("cap", cap)
          .put("failedUpgrades", failed)
          .put("lockedOutAfter", lockedOutAfter)
          .print(
              String.format(
                  "failed-upgrades | cap %,d | %s",
                  cap,
                  lockedOutAfter < 0
                      ? String.format(
                          "not locked out after %,d failed upgrades (a good connect every %d)",
                          failed, probeEvery)
                      : String.format(
                          "locked out (429) after %,d failed upgrades (probed every %d)",
                          lockedOutAfter, probeEvery)));
    }
    return 0;
  }

  private enum Failure {
    NONE,
    NO_UPGRADE,
    VERSION_99
  }

  /** One upgrade request from 127.0.0.1; answers the response's status line. */
  private static String upgrade(int port, Failure failure) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      StringBuilder request =
          new StringBuilder()
              .append("GET /v1/connect HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(port)
              .append("\r\nAuthorization: Bearer ")
              .append(Tokens.forDevice("leak-" + System.nanoTime()))
              .append("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      switch (failure) {
        case NO_UPGRADE -> request.append("Connection: close\r\nSec-WebSocket-Version: 13\r\n");
        case VERSION_99 ->
            request.append(
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n");
        case NONE ->
            request.append(
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n");
      }
      request.append("\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return status == null ? "(closed)" : status + " ";
    }
  }
}
