package dev.switchboard.edge.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the claims {@link ClaimRules} looks at ({@code exp}, {@code nbf}, {@code iss}, {@code aud},
 * {@code sub}) from a JWT payload with Jackson's streaming parser; every other member is skipped,
 * though still parsed, so a payload that is not one JSON object is refused as before. The result is
 * what {@code new JsonObject(Buffer)} (Jackson databind into a map) gives for those names: the last
 * of duplicate members wins, numbers as Jackson types them, an {@code aud} array with its scalar
 * elements. A member whose value is an object or array (an {@code aud} array aside) is left out: no
 * rule accepts one, and absent they are refused with the same reasons.
 */
final class ClaimsReader {

  /** Comments allowed, as the codec behind {@code JsonObject} allows them (Vert.x and Quarkus). */
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

  private static final Set<String> READ = Set.of("exp", "nbf", "iss", "aud", "sub");

  private ClaimsReader() {}

  /** The claims, or empty when the bytes are not exactly one JSON object. */
  static Optional<JsonObject> read(byte[] payload) {
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      JsonObject claims = new JsonObject();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (value == null) {
          return Optional.empty();
        } else if (!READ.contains(name)) {
          parser.skipChildren();
        } else if (value == JsonToken.START_ARRAY && name.equals("aud")) {
          claims.put(name, scalars(parser));
        } else if (value.isStructStart()) {
          claims.remove(name);
          parser.skipChildren();
        } else {
          claims.put(name, scalar(parser, value));
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static JsonArray scalars(JsonParser parser) throws IOException {
    JsonArray values = new JsonArray();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token.isStructStart()) {
        parser.skipChildren();
      } else {
        values.add(scalar(parser, token));
      }
    }
    return values;
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}
