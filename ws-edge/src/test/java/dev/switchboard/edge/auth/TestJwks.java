package dev.switchboard.edge.auth;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's JWKS endpoint for tests: a real HTTP server on a free port serving
 * whatever key set the test publishes, counting its requests; and the keys to fill it with.
 */
public final class TestJwks implements AutoCloseable {

  private final AtomicReference<JsonArray> served = new AtomicReference<>(new JsonArray());
  private final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;

  private TestJwks(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving an empty set on {@code http://127.0.0.1:<free port>/jwks}; see {@link #publish}.
   */
  public static TestJwks start() {
    return start(null);
  }

  /**
   * Starts serving the key set written to {@code file} ({@link #write}), read again for each
   * request. A {@code QuarkusTest} needs this form: its profile and the test instance are loaded by
   * different class loaders, so they share files, not objects.
   */
  public static TestJwks serving(Path file) {
    return start(file);
  }

  private static TestJwks start(Path file) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TestJwks jwks = new TestJwks(server);
      server.createContext(
          "/jwks",
          exchange -> {
            jwks.requests.incrementAndGet();
            JsonArray keys =
                file == null ? jwks.served.get() : new JsonArray(Files.readString(file));
            byte[] body =
                new JsonObject().put("keys", keys).encode().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return jwks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes these keys (JWKs) from now on. */
  public TestJwks publish(JsonObject... keys) {
    served.set(new JsonArray(Arrays.asList((Object[]) keys)));
    return this;
  }

  /** Publishes these keys through the file a {@link #serving} server reads. */
  public static void write(Path file, JsonObject... keys) {
    try {
      Files.writeString(file, new JsonArray(Arrays.asList((Object[]) keys)).encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public static KeyPair rsa() {
    return rsa(new SecureRandom());
  }

  /**
   * The same RSA key pair for the same seed, in any class loader (a {@code QuarkusTest}'s profile
   * and its test instance each build their own).
   */
  public static KeyPair rsa(String seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
      return rsa(random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public half of an RSA or P-256 key pair as a JWK named {@code kid}. */
  public static JsonObject jwk(String kid, KeyPair pair) {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("kty", "RSA")
          .put("kid", kid)
          .put("use", "sig")
          .put("n", b64(rsa.getModulus(), 256))
          .put("e", b64(rsa.getPublicExponent(), 3));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "EC")
        .put("kid", kid)
        .put("crv", "P-256")
        .put("x", b64(ec.getW().getAffineX(), 32))
        .put("y", b64(ec.getW().getAffineY(), 32));
  }

  /**
   * A token for {@code device}, valid for a minute, signed with the pair and naming {@code kid}.
   */
  public static String token(String alg, KeyPair pair, String kid, String device, long nowMs) {
    return TestTokens.signedWith(
        alg,
        pair.getPrivate(),
        kid,
        new JsonObject().put("sub", device).put("exp", nowMs / 1000 + 60));
  }

  private static String b64(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > length && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    byte[] padded = new byte[Math.max(length, bytes.length)];
    System.arraycopy(bytes, 0, padded, padded.length - bytes.length, bytes.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(padded);
  }
}
