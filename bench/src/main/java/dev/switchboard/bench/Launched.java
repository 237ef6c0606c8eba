package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child process the bench started, with its output in a log file. */
record Launched(String name, Process process, Path log) implements AutoCloseable {

  static Launched start(String name, List<String> command, Path logDir) {
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      for (int n = 2; Files.exists(log); n++) {
        log = logDir.resolve(name + "-" + n + ".log");
      }
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Launched(name, process, log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + command, e);
    }
  }

  /** The java launcher running this bench, so children use the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Runs {@code jcmd <pid> GC.run}: a full collection, so that RSS reflects live data. */
  void fullGc() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").start();
      p.getInputStream().readAllBytes();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("jcmd GC.run failed for " + name, e);
    }
  }

  /**
   * Writes what the JVM and the kernel say about this process's memory into {@code dir}, one file
   * per reading, named {@code <name>-<label>-*}: {@code jcmd VM.native_memory summary} (empty
   * unless the JVM runs with {@code -XX:NativeMemoryTracking}), {@code GC.heap_info}, and {@code
   * /proc/<pid>/smaps_rollup} and {@code smaps} (whose mappings show glibc's malloc arenas).
   */
  void memorySnapshot(Path dir, String label) {
    try {
      Files.createDirectories(dir);
      String prefix = name + "-" + label + "-";
      for (String command : List.of("VM.native_memory", "GC.heap_info")) {
        List<String> args = command.equals("VM.native_memory") ? List.of("summary") : List.of();
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid()));
        line.add(command);
        line.addAll(args);
        Process p =
            new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(prefix + command + ".txt").toFile())
                .start();
        p.waitFor(60, TimeUnit.SECONDS);
      }
      for (String file : List.of("smaps_rollup", "smaps", "status")) {
        Files.copy(
            Path.of("/proc", Long.toString(pid()), file),
            dir.resolve(prefix + file + ".txt"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("memory snapshot failed for " + name, e);
    }
  }

  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
  }
}
