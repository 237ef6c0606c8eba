package dev.switchboard.core.redis;

import dev.switchboard.core.model.Owner;
import dev.switchboard.core.model.PresenceLocation;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads the reply of {@code devices_locate}: one MessagePack string holding, per device, false (no
 * entry) or the array of its {@link StoreReplies#LOCATION_FIELDS} (false where a field is absent).
 * Each device reads exactly as {@link StoreReplies#location} reads the {@code HMGET} of the same
 * fields. Only the shapes the script produces are accepted (arrays, strings, false, nil); anything
 * else is an {@link UnexpectedReplyException}.
 */
public final class LocateReplies {

  private static final String SCRIPT = "devices_locate";

  private final byte[] bytes;
  private int at;

  private LocateReplies(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Decodes a reply about {@code devices} into {@code out}, from {@code out[from]} on, in order.
   */
  public static void read(
      List<String> devices, Response reply, Optional<PresenceLocation>[] out, int from) {
    if (reply == null) {
      throw Replies.unexpected(SCRIPT, null);
    }
    LocateReplies in = new LocateReplies(reply.toBytes());
    try {
      if (in.arrayHeader() != devices.size()) {
        throw Replies.unexpected(SCRIPT, reply);
      }
      for (int i = 0; i < devices.size(); i++) {
        out[from + i] = in.location(devices.get(i));
      }
    } catch (ArrayIndexOutOfBoundsException truncated) {
      throw Replies.unexpected(SCRIPT, reply);
    }
    if (in.at != in.bytes.length) {
      throw Replies.unexpected(SCRIPT, reply);
    }
  }

  private Optional<PresenceLocation> location(String device) {
    int type = bytes[at] & 0xff;
    if (type == 0xc2 || type == 0xc0) {
      at++;
      return Optional.empty();
    }
    int size = arrayHeader();
    if (size != StoreReplies.LOCATION_FIELDS.size()) {
      for (int i = 0; i < size; i++) {
        skipString();
      }
      return Optional.empty();
    }
    String conn = string();
    if (conn == null) {
      for (int i = 1; i < size; i++) {
        skipString();
      }
      return Optional.empty();
    }
    long epoch = number();
    String inst = string();
    String pod = orEmpty(string());
    String podUid = orEmpty(string());
    String node = orEmpty(string());
    long since = number();
    long seen = number();
    return Optional.of(
        new PresenceLocation(device, conn, epoch, new Owner(inst, pod, podUid, node), since, seen));
  }

  private int arrayHeader() {
    int type = bytes[at++] & 0xff;
    if ((type & 0xf0) == 0x90) {
      return type & 0x0f;
    }
    if (type == 0xdc) {
      return unsigned(2);
    }
    if (type == 0xdd) {
      return unsigned(4);
    }
    throw new UnexpectedReplyException(
        SCRIPT + " replied a MessagePack type " + type + " at " + at);
  }

  /** The length of the string starting at {@code at} (moved past its header), or -1 for nil. */
  private int stringHeader() {
    int type = bytes[at++] & 0xff;
    if ((type & 0xe0) == 0xa0) {
      return type & 0x1f;
    }
    return switch (type) {
      case 0xc0, 0xc2 -> -1;
      case 0xd9, 0xc4 -> unsigned(1);
      case 0xda, 0xc5 -> unsigned(2);
      case 0xdb, 0xc6 -> unsigned(4);
      default ->
          throw new UnexpectedReplyException(
              SCRIPT + " replied a MessagePack type " + type + " at " + at);
    };
  }

  private String string() {
    int length = stringHeader();
    if (length < 0) {
      return null;
    }
    String text = new String(bytes, at, length, StandardCharsets.UTF_8);
    at += length;
    return text;
  }

  private void skipString() {
    int length = stringHeader();
    at += Math.max(0, length);
  }

  /** A field read as a number: absent or empty is 0, like {@link StoreReplies#location}. */
  private long number() {
    int length = stringHeader();
    if (length <= 0) {
      return 0;
    }
    int end = at + length;
    if (length > 18) {
      return parseSlowly(end);
    }
    long value = 0;
    for (int i = at; i < end; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return parseSlowly(end);
      }
      value = value * 10 + digit;
    }
    at = end;
    return value;
  }

  /** Signs, long digit runs and garbage: exactly what {@link Long#parseLong} makes of them. */
  private long parseSlowly(int end) {
    String text = new String(bytes, at, end - at, StandardCharsets.UTF_8);
    at = end;
    return Long.parseLong(text);
  }

  private int unsigned(int width) {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value = (value << 8) | (bytes[at++] & 0xff);
    }
    if (value > Integer.MAX_VALUE) {
      throw new UnexpectedReplyException(SCRIPT + " replied a length of " + value);
    }
    return (int) value;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
