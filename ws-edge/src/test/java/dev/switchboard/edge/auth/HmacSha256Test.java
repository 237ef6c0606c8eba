package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The edge's own HS256 check ({@link HmacSha256}) through {@link JwtVerifier}: every hostile token
 * that Vert.x auth-jwt refused is refused, and it agrees with Vert.x token by token.
 */
class HmacSha256Test {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final long NOW_MS = 1_800_000_000_000L;
  private static final ClaimRules RULES = new ClaimRules(Optional.empty(), Optional.empty(), 5_000);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final JwtVerifier verifier =
      new JwtVerifier(Map.of("HS256", StaticKeys.secrets(List.of(SECRET))), RULES);

  private static JsonObject valid() {
    return new JsonObject().put("sub", "device-1").put("exp", NOW_MS / 1000 + 60);
  }

  private static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hmac(String secret, String signingInput) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
  }

  /** A token with this header and payload text, correctly signed with {@link #SECRET}. */
  private static String signedRaw(String header, String payload) throws Exception {
    String input = b64(header) + "." + b64(payload);
    return input + "." + hmac(SECRET, input);
  }

  private static final AuthResult BAD_SIGNATURE =
      new AuthResult.Rejected(401, "token signature is invalid");

  @Test
  void aFlippedSignatureBitIsRejected() {
    // given
    String token = TestTokens.signedWith(SECRET, valid());
    byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    signature[31] ^= 1;

    // when
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + B64.encodeToString(signature);

    // then
    assertThat(verifier.verify(token, NOW_MS)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(forged, NOW_MS)).isEqualTo(BAD_SIGNATURE);
  }

  @Test
  void aChangedPayloadWithTheOldSignatureIsRejected() {
    // given
    String token = TestTokens.signedWith(SECRET, valid());
    String[] parts = token.split("\\.");

    // when: another device in the payload, the signature kept
    String swapped = parts[0] + "." + b64(valid().put("sub", "device-2").encode()) + "." + parts[2];

    // then
    assertThat(verifier.verify(swapped, NOW_MS)).isEqualTo(BAD_SIGNATURE);
  }

  @Test
  void emptyTruncatedAndOverlongSignaturesAreRejected() {
    String token = TestTokens.signedWith(SECRET, valid());
    String input = token.substring(0, token.lastIndexOf('.'));
    String signature = token.substring(token.lastIndexOf('.') + 1);

    assertThat(verifier.verify(input + ".", NOW_MS)).isEqualTo(BAD_SIGNATURE);
    assertThat(verifier.verify(input + "." + signature.substring(0, 20), NOW_MS))
        .isEqualTo(BAD_SIGNATURE);
    assertThat(verifier.verify(input + "." + signature + "AAAA", NOW_MS)).isEqualTo(BAD_SIGNATURE);
  }

  @Test
  void algNoneIsRefusedWhateverTheSignature() throws Exception {
    // given: alg none with no signature, and with a valid HS256 signature over the same bytes
    String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
    String unsigned = b64(header) + "." + b64(valid().encode()) + ".";
    String signedAnyway = signedRaw(header, valid().encode());
    AuthResult refused =
        new AuthResult.Rejected(401, "token algorithm none is not accepted (accepted: HS256)");

    // when / then
    assertThat(verifier.verify(unsigned, NOW_MS)).isEqualTo(refused);
    assertThat(verifier.verify(signedAnyway, NOW_MS)).isEqualTo(refused);
  }

  @Test
  void otherHmacAlgorithmsAndAlgorithmCaseVariantsAreRefused() throws Exception {
    for (String alg : List.of("HS384", "HS512", "hs256", "HS256 ", "RS256")) {
      String token = signedRaw("{\"alg\":\"" + alg + "\"}", valid().encode());

      assertThat(verifier.verify(token, NOW_MS))
          .as(alg)
          .isEqualTo(
              new AuthResult.Rejected(
                  401, "token algorithm " + alg + " is not accepted (accepted: HS256)"));
    }
    assertThat(verifier.verify(signedRaw("{\"alg\":256}", valid().encode()), NOW_MS))
        .isInstanceOf(AuthResult.Rejected.class);
    assertThat(verifier.verify(signedRaw("{}", valid().encode()), NOW_MS))
        .isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void aKidPicksNoSecretEveryConfiguredSecretIsTried() throws Exception {
    // given: the secrets of a rotation, a kid naming neither (Vert.x auth-jwt ignored it too)
    JwtVerifier rotating =
        new JwtVerifier(
            Map.of(
                "HS256", StaticKeys.secrets(List.of("the-new-secret-the-new-secret-00", SECRET))),
            RULES);
    String withKid = signedRaw("{\"alg\":\"HS256\",\"kid\":\"nobody\"}", valid().encode());
    String input = withKid.substring(0, withKid.lastIndexOf('.'));
    String wrongSecret = input + "." + hmac("another-secret-another-secret-00", input);

    // when / then
    assertThat(rotating.verify(withKid, NOW_MS)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(rotating.verify(wrongSecret, NOW_MS)).isEqualTo(BAD_SIGNATURE);
  }

  @Test
  void expiredAndNotYetValidTokensAreRefusedAfterTheSignatureHolds() {
    assertThat(
            verifier.verify(
                TestTokens.signedWith(SECRET, valid().put("exp", NOW_MS / 1000 - 6)), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token expired"));
    assertThat(
            verifier.verify(
                TestTokens.signedWith(SECRET, valid().put("nbf", NOW_MS / 1000 + 6)), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token is not valid yet (nbf)"));
  }

  @Test
  void malformedBase64AndJsonAreRejected() throws Exception {
    String token = TestTokens.signedWith(SECRET, valid());
    String[] parts = token.split("\\.");

    assertThat(verifier.verify("!!." + parts[1] + "." + parts[2], NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token header is not base64url JSON"));
    assertThat(verifier.verify(b64("{\"alg\":") + "." + parts[1] + "." + parts[2], NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token header is not base64url JSON"));
    assertThat(verifier.verify(parts[0] + ".!!." + parts[2], NOW_MS)).isEqualTo(BAD_SIGNATURE);
    assertThat(verifier.verify(parts[0] + "." + parts[1] + ".!!", NOW_MS)).isEqualTo(BAD_SIGNATURE);
    assertThat(verifier.verify(token + ".", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
    assertThat(verifier.verify("..", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
    assertThat(verifier.verify("", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void aCorrectlySignedPayloadThatIsNotAJsonObjectIsRejected() throws Exception {
    String header = "{\"alg\":\"HS256\"}";
    AuthResult notJson = new AuthResult.Rejected(401, "token payload is not JSON");

    assertThat(verifier.verify(signedRaw(header, "not json"), NOW_MS)).isEqualTo(notJson);
    assertThat(verifier.verify(signedRaw(header, "[1,2]"), NOW_MS)).isEqualTo(notJson);
    assertThat(verifier.verify(signedRaw(header, "{\"sub\":"), NOW_MS)).isEqualTo(notJson);
  }

  @Test
  void aHugeTokenIsRejectedWithoutFailing() {
    // given: a megabyte of payload, signed with another secret
    JsonObject bulky = valid().put("pad", "x".repeat(1 << 20));
    String huge = TestTokens.signedWith("another-secret-another-secret-00", bulky);

    // when / then
    assertThat(verifier.verify(huge, NOW_MS)).isEqualTo(BAD_SIGNATURE);
    assertThat(verifier.verify(TestTokens.signedWith(SECRET, bulky), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void aSecretIsItsUtf8BytesAsVertxTookIt() {
    // given: a token Vert.x signed with a secret outside ASCII
    String secret = "sécret-geheimnis-秘密-0123456789abcdef";
    JwtVerifier nonAscii =
        new JwtVerifier(Map.of("HS256", StaticKeys.secrets(List.of(secret))), RULES);

    // when / then
    assertThat(nonAscii.verify(TestTokens.signedWith(secret, valid()), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void agreesWithVertxAuthJwtOnEveryOneCharacterChangeOfAToken() {
    // given: the Vert.x check the edge used before, on the same secret
    JWTAuth vertx =
        JWTAuth.create(
            null,
            StaticKeys.signatureOnly()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    JwtVerifier before = new JwtVerifier(Map.of("HS256", new StaticRing(vertx)), RULES);
    String token = TestTokens.signedWith(SECRET, valid());
    List<String> variants = new ArrayList<>(List.of(token));
    for (int i = 0; i < token.length(); i++) {
      for (char c : new char[] {'A', '_', '-', '.', '=', 'é'}) {
        variants.add(token.substring(0, i) + c + token.substring(i + 1));
      }
      variants.add(token.substring(0, i) + token.substring(i + 1));
    }

    // when / then: accepted by one exactly when accepted by the other
    for (String variant : variants) {
      assertThat(verifier.verify(variant, NOW_MS) instanceof AuthResult.Authenticated)
          .as(variant)
          .isEqualTo(before.verify(variant, NOW_MS) instanceof AuthResult.Authenticated);
    }
  }

  /** HS256 checked by Vert.x auth-jwt, as before {@link HmacSha256}. */
  private record StaticRing(JWTAuth vertx) implements KeyRing {
    @Override
    public KeyLookup find(String alg, Optional<String> kid, long nowMs, boolean mayFetch) {
      return new KeyLookup.Found(new VertxSignature(vertx));
    }
  }
}
