package dev.switchboard.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts and the Helm binary that {@code helm/ensure-helm.sh} provides. */
final class Helm {

  /** Release name and namespace of every render, the same as k8s/. */
  static final String RELEASE = "switchboard";

  static final String NAMESPACE = "switchboard";

  private static final Path ROOT =
      Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();

  private static volatile String binary;

  private Helm() {}

  /** The repository root. */
  static Path root() {
    return ROOT;
  }

  static Path chart() {
    return ROOT.resolve("helm/switchboard");
  }

  /** The output of a finished process. */
  record Result(int exitCode, String stdout, String stderr, String command) {
    boolean ok() {
      return exitCode == 0;
    }

    /** Describes the run for an assertion message. */
    String describe() {
      return command + "\nexit " + exitCode + "\nstderr:\n" + stderr + "\nstdout:\n" + stdout;
    }
  }

  /** The Helm binary: fetched once per machine by the script, found once per test run. */
  static String binary() {
    if (binary == null) {
      synchronized (Helm.class) {
        if (binary == null) {
          Result result = exec(List.of("bash", ROOT.resolve("helm/ensure-helm.sh").toString()));
          if (!result.ok()) {
            throw new IllegalStateException("helm/ensure-helm.sh failed\n" + result.describe());
          }
          String[] lines = result.stdout().strip().split("\n");
          binary = lines[lines.length - 1].strip();
        }
      }
    }
    return binary;
  }

  /** {@code helm <args>}. */
  static Result helm(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary());
    command.addAll(List.of(args));
    return exec(command);
  }

  /** {@code helm template} of the chart with a values file and extra arguments. */
  static Result template(Path valuesFile, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "template",
            RELEASE,
            chart().toString(),
            "--namespace",
            NAMESPACE,
            "--values",
            valuesFile.toString()));
    args.addAll(List.of(extra));
    return helm(args.toArray(String[]::new));
  }

  /** Renders a values file and fails with Helm's message when the chart refuses it. */
  static String render(Path valuesFile, String... extra) {
    Result result = template(valuesFile, extra);
    if (!result.ok()) {
      throw new AssertionError("helm template failed\n" + result.describe());
    }
    return result.stdout();
  }

  /** Runs a command from the repository root, with a time limit, capturing both streams. */
  static Result exec(List<String> command) {
    try {
      Path out = Files.createTempFile("helm-out", ".txt");
      Path err = Files.createTempFile("helm-err", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("timed out after 5 minutes: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8),
            String.join(" ", command));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
