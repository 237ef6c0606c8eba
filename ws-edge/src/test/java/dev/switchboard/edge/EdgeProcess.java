package dev.switchboard.edge;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged ws-edge ({@code quarkus-run.jar}) started as a real process. */
final class EdgeProcess implements AutoCloseable {

  final int port;
  final Process process;
  final Path log;

  private EdgeProcess(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static EdgeProcess start(String name, int port, Map<String, String> properties)
      throws IOException {
    String jar = System.getProperty("edge.jar", "target/quarkus-app/quarkus-run.jar");
    if (!new File(jar).isFile()) {
      throw new IllegalStateException("packaged edge not found at " + jar + ": run ./mvnw verify");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx256m", "-Dquarkus.http.port=" + port));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar);
    Path log = Files.createTempFile("edge-" + name + "-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new EdgeProcess(port, process, log);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "edge exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(base().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("edge not ready in " + timeout + ":\n" + output());
  }

  /** SIGTERM, as Kubernetes sends it; returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("edge did not exit within " + timeout);
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
