package dev.switchboard.bench;

import java.util.Collection;

/** Nearest-rank percentiles of a sample of durations in milliseconds. */
record Percentiles(int count, double p50, double p99, double max) {

  static Percentiles of(Collection<Double> samples) {
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Percentiles(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return String.format("p50 %.1f ms, p99 %.1f ms (n=%d)", p50, p99, count);
  }
}
