package dev.switchboard.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ClaimsReader} against what the edge did before it, Jackson databind through {@code new
 * JsonObject(Buffer)}: for every payload, well-formed or hostile, the claim rules decide the same,
 * with the same reason.
 */
class ClaimsReaderTest {

  private static final long NOW_MS = 1_800_000_000_000L;
  private static final long EXP = NOW_MS / 1000 + 60;
  private static final List<ClaimRules> RULES =
      List.of(
          new ClaimRules(Optional.empty(), Optional.empty(), 5_000),
          new ClaimRules(Optional.of("issuer"), Optional.of("fleet"), 0));

  /** What the edge decided before, from a databind parse; a parse failure was "not JSON". */
  private static AuthResult before(byte[] payload, ClaimRules rules) {
    JsonObject claims;
    try {
      claims = new JsonObject(Buffer.buffer(payload));
    } catch (RuntimeException e) {
      return notJson();
    }
    return rules.check(claims, NOW_MS);
  }

  private static AuthResult now(byte[] payload, ClaimRules rules) {
    return ClaimsReader.read(payload).map(c -> rules.check(c, NOW_MS)).orElseGet(() -> notJson());
  }

  private static AuthResult notJson() {
    return ClaimRules.unauthorized("token payload is not JSON");
  }

  private static List<byte[]> payloads() {
    String good = "\"sub\":\"device-1\",\"exp\":" + EXP;
    String both = good + ",\"iss\":\"issuer\",\"aud\":\"fleet\"";
    List<String> texts =
        new ArrayList<>(
            List.of(
                "{" + good + "}",
                "{" + both + "}",
                "{" + both + ",\"nbf\":" + (EXP - 120) + "}",
                "{" + both + ",\"nbf\":" + (EXP + 120) + "}",
                "{" + good + ",\"iss\":\"other\",\"aud\":\"fleet\"}",
                "{" + good + ",\"iss\":\"issuer\",\"aud\":[\"x\",\"fleet\"]}",
                "{" + good + ",\"iss\":\"issuer\",\"aud\":[\"x\",{\"fleet\":1},[\"fleet\"],null]}",
                "{" + good + ",\"iss\":\"issuer\",\"aud\":{\"fleet\":\"fleet\"}}",
                "{" + good + ",\"iss\":[\"issuer\"],\"aud\":\"fleet\"}",
                "{" + good + ",\"iss\":null,\"aud\":\"fleet\"}",
                "{\"sub\":\"device-1\"}",
                "{\"sub\":\"device-1\",\"exp\":\"" + EXP + "\"}",
                "{\"sub\":\"device-1\",\"exp\":" + EXP + ".9}",
                "{\"sub\":\"device-1\",\"exp\":" + EXP + "e0}",
                "{\"sub\":\"device-1\",\"exp\":1e400}",
                "{\"sub\":\"device-1\",\"exp\":-1e400}",
                "{\"sub\":\"device-1\",\"exp\":99999999999999999999999999}",
                "{\"sub\":\"device-1\",\"exp\":" + (EXP - 3600) + "}",
                "{\"sub\":\"device-1\",\"exp\":true}",
                "{\"sub\":\"device-1\",\"exp\":null}",
                "{\"sub\":\"device-1\",\"exp\":{\"v\":" + EXP + "}}",
                "{\"sub\":\"device-1\",\"exp\":[" + EXP + "]}",
                "{\"exp\":" + EXP + "}",
                "{\"exp\":" + EXP + ",\"sub\":42}",
                "{\"exp\":" + EXP + ",\"sub\":{\"id\":\"device-1\"}}",
                "{\"exp\":" + EXP + ",\"sub\":\"bad device id with spaces\"}",
                "{\"exp\":" + EXP + ",\"sub\":\"\"}",
                "{\"exp\":" + EXP + ",\"sub\":\"dev\\u0069ce-1\"}",
                "{\"\\u0065xp\":" + EXP + ",\"sub\":\"device-1\"}",
                // duplicates: the last one counts
                "{" + good + ",\"exp\":1}",
                "{\"exp\":1," + good + "}",
                "{" + good + ",\"sub\":\"device-2\"}",
                "{" + good + ",\"exp\":{}}",
                "{\"exp\":{}," + good + "}",
                // members the rules do not read, of every shape
                "{" + good + ",\"scope\":[\"a\",{\"b\":[1,2,{\"c\":null}]}],\"n\":1.5,\"t\":true}",
                "{" + good + ",\"pad\":\"" + "x".repeat(10_000) + "\"}",
                "{" + good + ",\"deep\":" + "[".repeat(500) + "]".repeat(500) + "}",
                "{" + good + ",\"deeper\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                "{" + good + ",\"big\":" + "9".repeat(2000) + "}",
                // not one JSON object
                "",
                " ",
                "null",
                "true",
                "42",
                "\"text\"",
                "[1,2]",
                "[{" + good + "}]",
                "{}",
                "{" + good,
                "{" + good + ",}",
                "{" + good + "}}",
                "{" + good + "} {}",
                "{" + good + "} x",
                "{" + good + "}\n",
                "{" + good + ",\"x\":}",
                "{" + good + ",\"x\":[1,}",
                "{" + good + ",\"x\":[1,2}",
                "{" + good + ",\"x\":{\"y\":1]}",
                "{" + good + ",x:1}",
                "{" + good + ",'x':1}",
                "{" + good + ",\"x\":NaN}",
                "{" + good + ",\"x\":01}",
                "{" + good + ",\"x\":+1}",
                "{" + good + ",\"x\":\"tab\there\"}",
                "{" + good + ",\"x\":\"\\q\"}",
                "{" + good + " /* comment */ }",
                "// line\n{" + good + "}",
                "{" + good + " # hash\n}",
                "{" + good + ",\"unterminated\":\"...}",
                "{\"sub\":\"device-1\",\"exp\":" + EXP + ",\"exp\"}"));
    List<byte[]> payloads = new ArrayList<>();
    texts.forEach(t -> payloads.add(t.getBytes(StandardCharsets.UTF_8)));
    // bytes that are not UTF-8: in a member the rules skip, in a name, and in a read value
    byte[] prefix = ("{" + good + ",\"x\":\"").getBytes(StandardCharsets.UTF_8);
    for (byte[] bad : List.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x28})) {
      payloads.add(concat(prefix, bad, "\"}".getBytes(StandardCharsets.UTF_8)));
      payloads.add(
          concat(
              ("{" + good + ",\"").getBytes(StandardCharsets.UTF_8),
              bad,
              "\":1}".getBytes(StandardCharsets.UTF_8)));
      payloads.add(
          concat(
              ("{\"exp\":" + EXP + ",\"sub\":\"d").getBytes(StandardCharsets.UTF_8),
              bad,
              "\"}".getBytes(StandardCharsets.UTF_8)));
    }
    payloads.add(
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, texts.get(0).getBytes()));
    payloads.add(texts.get(0).getBytes(StandardCharsets.UTF_16BE));
    return payloads;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  @Test
  void decidesEveryPayloadAsTheDatabindParseDid() {
    // given
    List<byte[]> payloads = payloads();

    // when / then
    for (ClaimRules rules : RULES) {
      for (byte[] payload : payloads) {
        assertThat(now(payload, rules))
            .as("%s with %s", new String(payload, StandardCharsets.UTF_8), rules)
            .isEqualTo(before(payload, rules));
      }
    }
  }

  @Test
  void readsTheFiveClaimsAndNothingElse() {
    // given
    String payload =
        "{\"sub\":\"device-1\",\"exp\":"
            + EXP
            + ",\"nbf\":1,\"iss\":\"i\",\"aud\":[\"a\",{\"b\":1},2],\"scope\":\"all\"}";

    // when
    Optional<JsonObject> claims = ClaimsReader.read(payload.getBytes(StandardCharsets.UTF_8));

    // then
    assertThat(claims)
        .contains(
            new JsonObject(
                "{\"sub\":\"device-1\",\"exp\":"
                    + EXP
                    + ",\"nbf\":1,\"iss\":\"i\",\"aud\":[\"a\",2]}"));
  }
}
