package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final String OLD_SECRET = "the-old-secret-the-old-secret-0000";
  private static final long NOW_MS = 1_800_000_000_000L;
  private static final ClaimRules FIVE_SECONDS_LEEWAY =
      new ClaimRules(Optional.empty(), Optional.empty(), 5_000);

  private final JwtVerifier hs256 = hmac(FIVE_SECONDS_LEEWAY, SECRET);

  private static JwtVerifier hmac(ClaimRules rules, String... secrets) {
    return new JwtVerifier(Map.of("HS256", StaticKeys.secrets(List.of(secrets))), rules);
  }

  private static JsonObject valid() {
    return new JsonObject().put("sub", "device-1").put("exp", NOW_MS / 1000 + 60);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void validTokenAuthenticatesItsSubjectWithAnExpiryThatIncludesTheLeeway() {
    assertThat(hs256.verify(TestTokens.signedWith(SECRET, valid()), NOW_MS))
        .isEqualTo(new AuthResult.Authenticated("device-1", Optional.of(NOW_MS + 60_000 + 5_000)));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    String forged = TestTokens.signedWith("another-secret-another-secret-0000", valid());

    assertThat(hs256.verify(forged, NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
  }

  @Test
  void expiredTokenIsAcceptedWithinTheLeewayAndRejectedAfterIt() {
    String tenSecondsAgo = TestTokens.signedWith(SECRET, valid().put("exp", NOW_MS / 1000 - 10));
    String threeSecondsAgo = TestTokens.signedWith(SECRET, valid().put("exp", NOW_MS / 1000 - 3));

    assertThat(hs256.verify(tenSecondsAgo, NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token expired"));
    assertThat(hs256.verify(threeSecondsAgo, NOW_MS))
        .isEqualTo(new AuthResult.Authenticated("device-1", Optional.of(NOW_MS + 2_000)));
  }

  @Test
  void theExpiryHandedToTheEdgeIsTheLastInstantTheUpgradeWouldAccept() {
    // given: 30 s leeway, a token that expired 10 s ago
    JwtVerifier verifier = hmac(new ClaimRules(Optional.empty(), Optional.empty(), 30_000), SECRET);
    String token = TestTokens.signedWith(SECRET, valid().put("exp", NOW_MS / 1000 - 10));

    // when
    AuthResult result = verifier.verify(token, NOW_MS);

    // then: usable for 20 s more, accepted at that instant and refused one ms later
    assertThat(result)
        .isEqualTo(new AuthResult.Authenticated("device-1", Optional.of(NOW_MS + 20_000)));
    assertThat(verifier.verify(token, NOW_MS + 20_000))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(verifier.verify(token, NOW_MS + 20_001))
        .isEqualTo(new AuthResult.Rejected(401, "token expired"));
  }

  @Test
  void tokenWithoutExpIsRejected() {
    assertThat(
            hs256.verify(TestTokens.signedWith(SECRET, new JsonObject().put("sub", "d")), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token has no exp claim"));
  }

  @Test
  void tokenNotYetValidIsRejected() {
    String token = TestTokens.signedWith(SECRET, valid().put("nbf", NOW_MS / 1000 + 60));

    assertThat(hs256.verify(token, NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token is not valid yet (nbf)"));
  }

  @Test
  void subjectThatIsNotADeviceIdIsForbidden() {
    AuthResult result =
        hs256.verify(TestTokens.signedWith(SECRET, valid().put("sub", "bad id!")), NOW_MS);

    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    assertThat(((AuthResult.Rejected) result).status()).isEqualTo(403);
  }

  @Test
  void algNoneAndGarbageAreRejected() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes());
    String payload = b64.encodeToString(valid().encode().getBytes());

    assertThat(hs256.verify(header + "." + payload + ".", NOW_MS))
        .isEqualTo(
            new AuthResult.Rejected(401, "token algorithm none is not accepted (accepted: HS256)"));
    assertThat(hs256.verify("not-a-jwt", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
    assertThat(hs256.verify("a.b.c", NOW_MS)).isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void duringARotationTokensSignedWithEitherSecretAreAccepted() {
    // given: the new secret first, the old one as the secondary
    JwtVerifier rotating = hmac(FIVE_SECONDS_LEEWAY, SECRET, OLD_SECRET);

    // when / then
    assertThat(rotating.verify(TestTokens.signedWith(SECRET, valid()), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(rotating.verify(TestTokens.signedWith(OLD_SECRET, valid()), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(
            rotating.verify(
                TestTokens.signedWith("a-third-secret-a-third-secret-000", valid()), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
  }

  @Test
  void rs256AndEs256TokensVerifyAgainstTheirPemKeys() throws Exception {
    // given
    KeyPair rsa = rsa();
    KeyPair ec = ec();
    JwtVerifier verifier =
        new JwtVerifier(
            Map.of(
                "RS256",
                    StaticKeys.publicKey(
                        null, PemKeys.parse(PemKeys.toPem(rsa.getPublic())).orElseThrow()),
                "ES256",
                    StaticKeys.publicKey(
                        null, PemKeys.parse(PemKeys.toPem(ec.getPublic())).orElseThrow())),
            FIVE_SECONDS_LEEWAY);

    // when / then
    assertThat(
            verifier.verify(
                TestTokens.signedWith("RS256", rsa.getPrivate(), null, valid()), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(
            verifier.verify(TestTokens.signedWith("ES256", ec.getPrivate(), null, valid()), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(
            verifier.verify(
                TestTokens.signedWith("RS256", rsa().getPrivate(), null, valid()), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
    assertThat(
            verifier.verify(
                TestTokens.signedWith("ES256", ec().getPrivate(), null, valid()), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
  }

  @Test
  void hs256TokenSignedWithThePublicKeyAsSecretIsRejected() throws Exception {
    // given: RS256 from a PEM, and HS256 accepted too (with its own secret)
    KeyPair rsa = rsa();
    String pem = PemKeys.toPem(rsa.getPublic());
    JwtVerifier withHmac =
        new JwtVerifier(
            Map.of(
                "RS256", StaticKeys.publicKey(null, rsa.getPublic()),
                "HS256", StaticKeys.secrets(List.of(SECRET))),
            FIVE_SECONDS_LEEWAY);
    JwtVerifier rsaOnly =
        new JwtVerifier(
            Map.of("RS256", StaticKeys.publicKey(null, rsa.getPublic())), FIVE_SECONDS_LEEWAY);

    // when
    String confused = TestTokens.signedWith(pem, valid());

    // then
    assertThat(withHmac.verify(confused, NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token signature is invalid"));
    assertThat(rsaOnly.verify(confused, NOW_MS))
        .isEqualTo(
            new AuthResult.Rejected(
                401, "token algorithm HS256 is not accepted (accepted: RS256)"));
  }

  @Test
  void configuredIssuerAndAudienceAreRequired() {
    // given
    JwtVerifier strict =
        hmac(
            new ClaimRules(Optional.of("https://idp.example"), Optional.of("switchboard"), 0),
            SECRET);
    JsonObject right = valid().put("iss", "https://idp.example").put("aud", "switchboard");

    // when / then
    assertThat(strict.verify(TestTokens.signedWith(SECRET, right), NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(
            strict.verify(
                TestTokens.signedWith(
                    SECRET,
                    right.copy().put("aud", new JsonArray().add("other").add("switchboard"))),
                NOW_MS))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(
            strict.verify(
                TestTokens.signedWith(SECRET, right.copy().put("iss", "https://evil.example")),
                NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token iss is not the configured issuer"));
    assertThat(
            strict.verify(TestTokens.signedWith(SECRET, right.copy().put("aud", "other")), NOW_MS))
        .isEqualTo(
            new AuthResult.Rejected(401, "token aud does not include the configured audience"));
    assertThat(strict.verify(TestTokens.signedWith(SECRET, valid()), NOW_MS))
        .isEqualTo(new AuthResult.Rejected(401, "token iss is not the configured issuer"));
  }
}
