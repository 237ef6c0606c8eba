package dev.switchboard.core.redis;

import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading Redis replies, tolerant of RESP2 and RESP3 shapes. */
final class Replies {

  private Replies() {}

  static String string(Response response) {
    return response == null ? null : response.toString();
  }

  static long number(Response response) {
    String text = string(response);
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return text.indexOf('.') >= 0 || text.indexOf('E') >= 0 || text.indexOf('e') >= 0
        ? (long) Double.parseDouble(text)
        : Long.parseLong(text);
  }

  static Optional<Long> optionalNumber(Response response) {
    return response == null ? Optional.empty() : Optional.of(number(response));
  }

  static List<String> strings(Response response) {
    List<String> out = new ArrayList<>();
    if (response == null) {
      return out;
    }
    for (int i = 0; i < response.size(); i++) {
      out.add(string(response.get(i)));
    }
    return out;
  }

  static UnexpectedReplyException unexpected(String script, Response response) {
    return new UnexpectedReplyException(script + " replied " + response);
  }
}
