package dev.switchboard.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the schema, one resource file each under {@code
 * dev/switchboard/core/redis/lua}. Each file opens with its KEYS/ARGV/return contract. Scripts are
 * run by SHA and re-sent on {@code NOSCRIPT}.
 */
public enum LuaScript {
  DEVICE_CLAIM("device_claim"),
  DEVICE_TOUCH("device_touch"),
  DEVICE_RELEASE("device_release"),
  DEVICE_RECLAIM("device_reclaim"),
  DEVICE_SWEEP("device_sweep"),
  DEVICES_LOCATE("devices_locate"),
  INSTANCE_REGISTER("instance_register"),
  INSTANCE_HEARTBEAT("instance_heartbeat"),
  INSTANCE_UNREGISTER_IF_UNCHANGED("instance_unregister_if_unchanged"),
  INSTANCE_FORGET("instance_forget"),
  INSTANCES_LIST("instances_list"),
  OUTBOX_STORE("outbox_store"),
  OUTBOX_READ("outbox_read"),
  OUTBOX_ACK("outbox_ack"),
  OUTBOX_STATE("outbox_state");

  private final String fileName;
  private final String body;
  private final String sha1;

  LuaScript(String fileName) {
    this.fileName = fileName;
    this.body = load(fileName);
    this.sha1 = sha1Hex(body);
  }

  public String fileName() {
    return fileName;
  }

  /** The script text, as sent with EVAL. */
  public String body() {
    return body;
  }

  /** The SHA-1 Redis knows the script by, as sent with EVALSHA. */
  public String sha1() {
    return sha1;
  }

  private static String load(String fileName) {
    String resource = "lua/" + fileName + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
