package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory and CPU time of a process, from /proc (Linux). */
final class ProcStats {

  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** VmRSS in bytes. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** User + system CPU seconds consumed so far. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) may contain spaces; fields after the closing paren are fixed
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /**
   * User + system CPU seconds of the process's threads whose name (as the kernel keeps it, cut to
   * 15 characters) starts with one of {@code prefixes}: the event loops ({@code vert.x-eventloo})
   * apart from the JIT compilers ({@code C1 CompilerThre}, {@code C2 CompilerThre}), whose work at
   * a small scale is mostly warm-up and says little about the connect path. A thread that ended is
   * not counted.
   */
  static double threadCpuSeconds(long pid, String... prefixes) {
    double total = 0;
    String[] tids = Path.of("/proc", Long.toString(pid), "task").toFile().list();
    if (tids == null) {
      return 0;
    }
    for (String tid : tids) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "task", tid, "stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        boolean matches = false;
        for (String prefix : prefixes) {
          matches |= name.startsWith(prefix);
        }
        if (matches) {
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          total +=
              (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        }
      } catch (IOException | RuntimeException e) {
        // the thread ended between the listing and the read
      }
    }
    return total;
  }

  /**
   * Seconds the process's threads spent runnable but waiting for a CPU (the second field of each
   * thread's {@code /proc/<pid>/task/<tid>/schedstat}), and seconds they ran (the first): on a
   * saturated box a request's latency is mostly the former. Threads that ended are not counted.
   */
  static double[] scheduleSeconds(long pid) {
    double ran = 0;
    double waited = 0;
    String[] tids = Path.of("/proc", Long.toString(pid), "task").toFile().list();
    if (tids == null) {
      return new double[] {0, 0};
    }
    for (String tid : tids) {
      try {
        String[] fields =
            Files.readString(Path.of("/proc", Long.toString(pid), "task", tid, "schedstat"))
                .trim()
                .split(" ");
        ran += Long.parseLong(fields[0]) / 1e9;
        waited += Long.parseLong(fields[1]) / 1e9;
      } catch (IOException | RuntimeException e) {
        // the thread ended between the listing and the read, or no schedstat (no CONFIG_SCHEDSTATS)
      }
    }
    return new double[] {ran, waited};
  }

  /**
   * Seconds so far during which at least one runnable task of the box waited for a CPU ({@code
   * /proc/pressure/cpu}, "some" total), or NaN without pressure stall information.
   */
  static double cpuPressureSeconds() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
        if (line.startsWith("some ")) {
          return Long.parseLong(line.substring(line.indexOf("total=") + 6).trim()) / 1e6;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no PSI on this kernel
    }
    return Double.NaN;
  }

  static int openFiles(long pid) {
    String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
    return fds == null ? -1 : fds.length;
  }
}
