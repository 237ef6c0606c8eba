package dev.switchboard.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters out of a Prometheus text exposition (what an edge serves at /q/metrics). Pure. */
final class PrometheusText {

  private PrometheusText() {}

  /** {@code metric}'s samples summed by the value of {@code label}, e.g. connects by result. */
  static Map<String, Long> sumByLabel(String exposition, String metric, String label) {
    Pattern sample =
        Pattern.compile(
            "^" + Pattern.quote(metric) + "\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
    Pattern labelValue = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"");
    Map<String, Long> sums = new TreeMap<>();
    Matcher m = sample.matcher(exposition);
    while (m.find()) {
      Matcher l = labelValue.matcher(m.group(1));
      if (l.find()) {
        sums.merge(l.group(1), Math.round(Double.parseDouble(m.group(2))), Long::sum);
      }
    }
    return sums;
  }

  /**
   * The cumulative buckets of histogram {@code metric} (the {@code _bucket} samples) whose labels
   * include {@code label="value"}, summed over their other labels, by upper bound {@code le}.
   */
  static TreeMap<Double, Long> buckets(
      String exposition, String metric, String label, String value) {
    Pattern sample =
        Pattern.compile(
            // greedy to the line's last brace: a templated uri label holds braces, as in {device}
            "^" + Pattern.quote(metric + "_bucket") + "\\{(.*)\\}\\s+([0-9.eE+-]+)\\s*$",
            Pattern.MULTILINE);
    Pattern le = Pattern.compile("(?:^|,)le=\"([^\"]*)\"");
    String wanted = label + "=\"" + value + "\"";
    TreeMap<Double, Long> buckets = new TreeMap<>();
    Matcher m = sample.matcher(exposition);
    while (m.find()) {
      String labels = m.group(1);
      Matcher bound = le.matcher(labels);
      if (!(labels.startsWith(wanted) || labels.contains("," + wanted)) || !bound.find()) {
        continue;
      }
      double upper =
          bound.group(1).equals("+Inf")
              ? Double.POSITIVE_INFINITY
              : Double.parseDouble(bound.group(1));
      buckets.merge(upper, Math.round(Double.parseDouble(m.group(2))), Long::sum);
    }
    return buckets;
  }

  /** {@code after - before}, bucket by bucket: the observations made between two scrapes. */
  static TreeMap<Double, Long> minus(TreeMap<Double, Long> after, TreeMap<Double, Long> before) {
    TreeMap<Double, Long> delta = new TreeMap<>();
    after.forEach((le, n) -> delta.put(le, n - before.getOrDefault(le, 0L)));
    return delta;
  }

  /**
   * The upper bound of the bucket holding quantile {@code q} of cumulative {@code buckets} (what
   * Prometheus' histogram_quantile would interpolate within), NaN when there are none.
   */
  static double quantileUpperBound(TreeMap<Double, Long> buckets, double q) {
    if (buckets.isEmpty()) {
      return Double.NaN;
    }
    long count = buckets.lastEntry().getValue();
    if (count <= 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * count);
    for (var bucket : buckets.entrySet()) {
      if (bucket.getValue() >= rank) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
