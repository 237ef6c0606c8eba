package dev.switchboard.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 signatures, checked over the token as {@link JwtVerifier} already split it: one HMAC per
 * secret (the first that matches wins, so both secrets of a rotation verify; a {@code kid} does not
 * pick a secret, as with Vert.x auth-jwt, which this replaces for HS256), compared in constant
 * time, and the payload decoded only once the signature holds (by {@link ClaimsReader}, the claims
 * the rules read). A secret's bytes are its UTF-8 encoding, as Vert.x takes them. {@link Mac} is
 * not thread-safe: each thread keeps its own, initialised once per secret.
 */
final class HmacSha256 implements SignatureCheck {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int SIGNATURE_BYTES = 32;

  private final List<SecretKeySpec> secrets;
  private final ThreadLocal<Mac[]> macs;

  HmacSha256(List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("HS256 needs at least one secret");
    }
    this.secrets =
        secrets.stream()
            .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  @Override
  public Outcome check(CompactToken token) {
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(token.signature());
    } catch (IllegalArgumentException e) {
      return BAD_SIGNATURE;
    }
    if (signature.length != SIGNATURE_BYTES) {
      return BAD_SIGNATURE;
    }
    byte[] input = token.signingInput().getBytes(StandardCharsets.UTF_8);
    for (Mac mac : macs.get()) {
      if (MessageDigest.isEqual(mac.doFinal(input), signature)) {
        return claims(token.payload());
      }
    }
    return BAD_SIGNATURE;
  }

  private static Outcome claims(String payload) {
    byte[] json;
    try {
      json = Base64.getUrlDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      return BAD_PAYLOAD;
    }
    return ClaimsReader.read(json).<Outcome>map(Outcome.Valid::new).orElse(BAD_PAYLOAD);
  }

  private Mac[] newMacs() {
    Mac[] fresh = new Mac[secrets.size()];
    try {
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = Mac.getInstance(ALGORITHM);
        fresh[i].init(secrets.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
    return fresh;
  }
}
