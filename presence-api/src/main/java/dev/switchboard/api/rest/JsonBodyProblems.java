package dev.switchboard.api.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Says what is wrong with a request body Jackson could not read, in words a caller can act on: the
 * field and the JSON kind it must be, or where the text stopped being JSON. Never the parser's own
 * message, which names Java types and internal sources. Pure.
 */
public final class JsonBodyProblems {

  private JsonBodyProblems() {}

  public static String describe(JsonProcessingException failure) {
    if (failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String kind = kindOf(mismatch.getTargetType());
      String field = pathOf(mismatch.getPath());
      return field.isEmpty()
          ? "the request body must be " + kind
          : "'" + field + "' must be " + kind;
    }
    return "the request body is not valid JSON" + where(failure.getLocation());
  }

  /** {@code devices[2]} or {@code a.b}: the field as the caller wrote it. */
  static String pathOf(List<JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  static String kindOf(Class<?> type) {
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (CharSequence.class.isAssignableFrom(type) || type == char.class) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "a JSON object";
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
