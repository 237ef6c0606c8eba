package dev.switchboard.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the configured key entries ({@code switchboard.api.auth.keys}, comma-separated). An entry
 * is {@code name:secret:scope[+scope…]}, e.g. {@code ops:s3cret:read+route}; a plain {@code secret}
 * (the old form, no colon) is still accepted as {@code key-<n>} with every scope. Problems name the
 * entry by its name or position, never by its secret. Pure.
 */
public final class ApiKeyEntries {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  static final String FORMAT = "name:secret:scope[+scope] with scopes read, route, admin";

  /** The keys read, and what is wrong with the entries (empty when all are good). */
  public record Parsed(List<ApiKey> keys, List<String> problems) {}

  private ApiKeyEntries() {}

  public static Parsed parse(List<String> entries) {
    List<ApiKey> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int plain = 0;
    int position = 0;
    for (String raw : entries) {
      if (raw.isBlank()) {
        continue;
      }
      position++;
      String entry = raw.trim();
      String[] parts = entry.split(":", -1);
      ApiKey key;
      if (parts.length == 1) {
        plain++;
        key = new ApiKey("key-" + plain, EnumSet.allOf(Scope.class), digest(entry), true);
      } else {
        String where = NAME.matcher(parts[0]).matches() ? "'" + parts[0] + "'" : "#" + position;
        if (parts.length != 3) {
          problems.add("key " + where + " must be " + FORMAT);
          continue;
        }
        List<String> bad = new ArrayList<>();
        if (!NAME.matcher(parts[0]).matches()) {
          bad.add(
              "its name must be 1 to 32 of letters, digits, _ . - (starting with one of the first two)");
        }
        if (parts[1].isEmpty()) {
          bad.add("its secret is empty");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : parts[2].split("\\+", -1)) {
          Scope.of(s.trim())
              .ifPresentOrElse(
                  scopes::add,
                  () -> bad.add("unknown scope '" + s.trim() + "' (read, route or admin)"));
        }
        if (!bad.isEmpty()) {
          problems.add("key " + where + ": " + String.join("; ", bad) + "; format " + FORMAT);
          continue;
        }
        key = new ApiKey(parts[0], scopes, digest(parts[1]), false);
      }
      if (!names.add(key.name())) {
        problems.add("key '" + key.name() + "' is named twice");
        continue;
      }
      if (keys.stream()
          .anyMatch(k -> MessageDigest.isEqual(k.secretDigest(), key.secretDigest()))) {
        problems.add("key '" + key.name() + "' has the same secret as another key");
        continue;
      }
      keys.add(key);
    }
    return new Parsed(List.copyOf(keys), List.copyOf(problems));
  }

  /** SHA-256 of the secret: fixed length, so comparing digests takes the same time for any key. */
  static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
