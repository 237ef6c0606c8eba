package io.vertx.redis.client.impl;

import dev.switchboard.core.model.PresenceLocation;
import dev.switchboard.core.redis.LocateReplies;
import dev.switchboard.core.redis.StoreReplies;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Scratch: CPU per device of encoding the read and decoding its reply, HMGET vs devices_locate. */
public class DecodeBench {
  static final int N = 1000;
  static final String[] F = {"conn","epoch","inst","pod","podUid","node","since","seen"};
  static String[] values(int i) {
    return new String[] {"c-" + i + "-abcdef0123", "" + (1700000000000L + i), "edge-0-7f3a9c", "switchboard-edge-0",
      "8a1b2c3d-1111-2222-3333-444455556666", "node-1", "1700000000000", "1700000001000"};
  }
  static void bulk(ByteArrayOutputStream o, byte[] b) { w(o, "$" + b.length + "\r\n"); o.writeBytes(b); w(o, "\r\n"); }
  static void w(ByteArrayOutputStream o, String s) { o.writeBytes(s.getBytes(StandardCharsets.UTF_8)); }
  public static void main(String[] a) throws Exception {
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < N; i++) devices.add("d" + i);
    // HMGET replies, pipelined
    ByteArrayOutputStream hm = new ByteArrayOutputStream();
    for (int i = 0; i < N; i++) {
      w(hm, "*8\r\n");
      if (i % 10 == 9) { for (int j = 0; j < 8; j++) w(hm, "$-1\r\n"); continue; }
      for (String v : values(i)) bulk(hm, v.getBytes(StandardCharsets.UTF_8));
    }
    // devices_locate replies: 4 bulk strings of msgpack
    ByteArrayOutputStream lo = new ByteArrayOutputStream();
    for (int c = 0; c < 4; c++) {
      ByteArrayOutputStream mp = new ByteArrayOutputStream();
      mp.write(0xdc); mp.write(0); mp.write(250);
      for (int i = c * 250; i < c * 250 + 250; i++) {
        if (i % 10 == 9) { mp.write(0xc2); continue; }
        mp.write(0x98);
        for (String v : values(i)) { byte[] b = v.getBytes(StandardCharsets.UTF_8);
          if (b.length < 32) mp.write(0xa0 | b.length); else { mp.write(0xd9); mp.write(b.length); } mp.writeBytes(b); }
      }
      bulk(lo, mp.toByteArray());
    }
    byte[] hmBytes = hm.toByteArray(), loBytes = lo.toByteArray();
    System.out.println("reply bytes: hmget " + hmBytes.length + ", locate " + loBytes.length);
    var bean = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 0; round < 6; round++) {
      for (String mode : new String[] {"hmget", "locate"}) {
        int iters = 3000;
        long t0 = bean.getCurrentThreadCpuTime();
        for (int it = 0; it < iters; it++) sink += mode.equals("hmget") ? hmget(devices, hmBytes) : locate(devices, loBytes);
        long t1 = bean.getCurrentThreadCpuTime();
        System.out.printf("%s round %d: %.3f us/device%n", mode, round, (t1 - t0) / 1000.0 / iters / N);
      }
    }
    System.out.println(sink);
  }
  static long hmget(List<String> devices, byte[] reply) {
    long n = 0;
    byte[][] fields = new byte[8][];
    for (int j = 0; j < 8; j++) fields[j] = F[j].getBytes(StandardCharsets.US_ASCII);
    for (String d : devices) { Request r = Request.cmd(Command.HMGET).arg("sb:dev:{" + d + "}"); for (byte[] f : fields) r.arg(f); n += ((RequestImpl) r).encode().length(); }
    List<Response> replies = new ArrayList<>(N);
    RESPParser p = new RESPParser(new ParserHandler() { public void handle(Response r) { replies.add(r); } public void fail(Throwable t) { throw new RuntimeException(t); } }, 32);
    p.handle(Buffer.buffer(reply));
    for (int i = 0; i < N; i++) { Optional<PresenceLocation> l = StoreReplies.location(devices.get(i), io.vertx.mutiny.redis.client.Response.newInstance(replies.get(i))); if (l.isPresent()) n++; }
    return n;
  }
  @SuppressWarnings("unchecked")
  static long locate(List<String> devices, byte[] reply) {
    long n = 0;
    for (int c = 0; c < 4; c++) { Request r = Request.cmd(Command.EVALSHA).arg("0123456789012345678901234567890123456789").arg(250);
      for (String d : devices.subList(c * 250, c * 250 + 250)) r.arg("sb:dev:{" + d + "}"); for (String f : F) r.arg(f); n += ((RequestImpl) r).encode().length(); }
    List<Response> replies = new ArrayList<>(4);
    RESPParser p = new RESPParser(new ParserHandler() { public void handle(Response r) { replies.add(r); } public void fail(Throwable t) { throw new RuntimeException(t); } }, 32);
    p.handle(Buffer.buffer(reply));
    Optional<PresenceLocation>[] out = new Optional[N];
    for (int c = 0; c < 4; c++) LocateReplies.read(devices.subList(c * 250, c * 250 + 250), io.vertx.mutiny.redis.client.Response.newInstance(replies.get(c)), out, c * 250);
    for (Optional<PresenceLocation> l : out) if (l.isPresent()) n++;
    return n;
  }
}
