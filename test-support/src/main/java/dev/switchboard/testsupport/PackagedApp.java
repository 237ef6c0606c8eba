package dev.switchboard.testsupport;

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

/** A packaged Quarkus application ({@code quarkus-run.jar}) started as a real process. */
public final class PackagedApp implements AutoCloseable {

  public final int port;
  public final Process process;
  public final Path log;

  private PackagedApp(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static PackagedApp start(String jar, String name, int port, Map<String, String> properties)
      throws IOException {
    if (!new File(jar).isFile()) {
      throw new IllegalStateException(
          "packaged application not found at "
              + jar
              + ": run ./mvnw verify (it packages before integration tests)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx256m", "-Dquarkus.http.port=" + port));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar);
    Path log = Files.createTempFile("app-" + name + "-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PackagedApp(port, process, log);
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  public void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "application exited with " + process.exitValue() + ":\n" + output());
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
    throw new IllegalStateException("application not ready in " + timeout + ":\n" + output());
  }

  /** SIGTERM, as Kubernetes sends it; returns the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("application did not exit within " + timeout);
    }
    return process.exitValue();
  }

  public String output() {
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
