package dev.switchboard.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits one {@code --set} argument into its {@code key=value} pairs, as Helm reads it. */
final class SetArgument {

  private SetArgument() {}

  /**
   * The pairs of {@code a=1,b.c=2}: split at commas not escaped by a backslash, then at the first
   * {@code =}. Escaped dots in keys ({@code config.a\.b}) stay for Helm to read.
   */
  static List<Map.Entry<String, String>> pairs(String argument) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '\\' && i + 1 < argument.length()) {
        current.append(c).append(argument.charAt(++i));
      } else if (c == ',') {
        pairs.add(pair(current.toString()));
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    pairs.add(pair(current.toString()));
    return pairs;
  }

  private static Map.Entry<String, String> pair(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("not key=value: " + text);
    }
    return Map.entry(text.substring(0, equals), text.substring(equals + 1));
  }
}
