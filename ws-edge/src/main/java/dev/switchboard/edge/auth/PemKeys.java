package dev.switchboard.edge.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/** Reads a {@code BEGIN PUBLIC KEY} PEM and says which token algorithm it verifies. Pure. */
public final class PemKeys {

  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PemKeys() {}

  /** The key, if the text is a PEM public key of RSA or EC type. */
  public static Optional<PublicKey> parse(String pem) {
    String text = pem.replace("\\n", "\n").trim();
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      return Optional.empty();
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return Optional.of(
            KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        // not this type: try the next
      }
    }
    return Optional.empty();
  }

  /** RS256 for an RSA key, ES256 for an EC key (P-256), empty for anything else. */
  public static Optional<String> algorithmOf(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return Optional.of("RS256");
    }
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return Optional.of("ES256");
    }
    return Optional.empty();
  }

  /** The key as PEM text, the form Vert.x reads. */
  public static String toPem(PublicKey key) {
    return BEGIN
        + "\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n"
        + END
        + "\n";
  }
}
