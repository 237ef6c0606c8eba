package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PureHelpersTest {

  @Test
  void targetsSurviveTheTripToAWorkerProcess() {
    List<Target> targets =
        List.of(Target.edge(8081, "edge-a"), new Target("127.0.0.1", 9000, "/", "node-ws-0"));
    assertThat(Targets.decode(Targets.encode(targets))).isEqualTo(targets);
  }

  @Test
  void redisCpuIsUserPlusSystemPerShardPerUnitOfWork() {
    // given
    String info =
        "# CPU\r\nused_cpu_sys:1.500000\r\nused_cpu_user:2.250000\r\n"
            + "used_cpu_sys_children:9.0\r\n";
    RedisCpu before = new RedisCpu(List.of(1.0, 2.0, 3.0));
    RedisCpu after = new RedisCpu(List.of(1.5, 2.0, 4.0));

    // when
    RedisCpu spent = after.since(before);

    // then
    assertThat(RedisCpu.seconds(info)).isEqualTo(3.75);
    assertThat(spent.microsPer(1000)).containsExactly(500.0, 0.0, 1000.0);
    assertThat(spent.totalMicrosPer(1000)).isEqualTo(1500.0);
    assertThat(RedisCpu.slashed(spent.microsPer(1000), "%.0f")).isEqualTo("500/0/1000");
    assertThat(spent.minus(spent.scaled(0.5)).secondsByShard()).containsExactly(0.25, 0.0, 0.5);
  }

  @Test
  void clusterFiguresAreDividedByTheSingleNodeFigureShardByShard() {
    // given
    io.vertx.core.json.JsonObject single =
        new Report("connect")
            .put("connectsPerSecond", 1000.0)
            .put("redisCpuMicrosPerConnectByShard", RedisCpu.json(List.of(40.0)))
            .json;
    Report cluster =
        new Report("connect")
            .put("connectsPerSecond", 900.0)
            .put("redisCpuMicrosPerConnectByShard", RedisCpu.json(List.of(10.0, 20.0, 14.0)))
            .put("notInSingle", 3.0);

    // when
    cluster.toSingle(single, "connectsPerSecond", "redisCpuMicrosPerConnectByShard", "notInSingle");

    // then
    io.vertx.core.json.JsonObject ratios = cluster.json.getJsonObject("toSingle");
    assertThat(ratios.getDouble("connectsPerSecond")).isEqualTo(0.9);
    assertThat(ratios.getJsonArray("redisCpuMicrosPerConnectByShard").getList())
        .containsExactly(0.25, 0.5, 0.35);
    assertThat(ratios.containsKey("notInSingle")).isFalse();
    assertThat(RedisCpu.max(ratios.getJsonArray("redisCpuMicrosPerConnectByShard"))).isEqualTo(0.5);
  }

  @Test
  void percentilesUseNearestRank() {
    List<Double> samples = new java.util.ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      samples.add((double) i);
    }
    Percentiles p = Percentiles.of(samples);
    assertThat(p.p50()).isEqualTo(50.0);
    assertThat(p.p99()).isEqualTo(99.0);
    assertThat(p.max()).isEqualTo(100.0);
    assertThat(Percentiles.of(List.of()).count()).isZero();
  }

  @Test
  void sourceAddressesStayInLoopbackAndSkipNetworkAndBroadcast() {
    assertThat(Fleet.sourceAddress(0)).isEqualTo("127.0.0.2");
    assertThat(Fleet.sourceAddress(252)).isEqualTo("127.0.0.254");
    assertThat(Fleet.sourceAddress(253)).isEqualTo("127.0.1.2");
  }

  @Test
  void tokensAreThreeBase64UrlParts() {
    String token = Tokens.forDevice("dev-1");
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(token).doesNotContain("=", "+", "/");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "RS256,RSA,SHA256withRSA",
    "ES256,EC,SHA256withECDSAinP1363Format"
  })
  void publicKeyTokensVerifyWithThePemTheEdgesGet(String alg, String keyType, String jdkAlg)
      throws Exception {
    // given
    String pem = Tokens.use(alg).get("switchboard.auth.public-key-pem");
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----\\n", "").replace("\\n-----END PUBLIC KEY-----", "");
    java.security.PublicKey key =
        java.security.KeyFactory.getInstance(keyType)
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(
                    java.util.Base64.getDecoder().decode(base64)));

    // when
    String[] token = Tokens.forDevice("dev-1").split("\\.");
    Tokens.use("HS256");

    // then
    java.security.Signature verifier = java.security.Signature.getInstance(jdkAlg);
    verifier.initVerify(key);
    verifier.update((token[0] + "." + token[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(verifier.verify(java.util.Base64.getUrlDecoder().decode(token[2]))).isTrue();
    assertThat(new String(java.util.Base64.getUrlDecoder().decode(token[0])))
        .contains("\"alg\":\"" + alg + "\"");
  }

  @Test
  void prometheusCountersAreSummedByLabelOverEveryOtherLabel() {
    String exposition =
        """
        # TYPE switchboard_edge_connects_total counter
        switchboard_edge_connects_total{result="accepted",inst="a"} 10.0
        switchboard_edge_connects_total{inst="b",result="accepted"} 5.0
        switchboard_edge_connects_total{result="overloaded"} 2.0
        switchboard_edge_connects_totally{result="accepted"} 99.0
        """;

    assertThat(PrometheusText.sumByLabel(exposition, "switchboard_edge_connects_total", "result"))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("accepted", 15L, "overloaded", 2L));
  }

  @Test
  void anUnknownServerKindIsRefusedWithExitCode2BeforeAnythingStarts() {
    assertThat(BenchMain.run("hold", "--kinds=switchboard,bogus")).isEqualTo(2);
  }

  @Test
  void durationsReadLikeTheServicesConfigAndABadOneNamesTheOption() {
    assertThat(Durations.millis("--lease-ttl", "15s")).isEqualTo(15_000);
    assertThat(Durations.millis("--lease-ttl", "500ms")).isEqualTo(500);
    assertThatThrownBy(() -> Durations.millis("--lease-ttl", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--lease-ttl=soon is not a duration; write e.g. 15s, 500ms or 2m");
  }
}
