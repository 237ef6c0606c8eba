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
}
