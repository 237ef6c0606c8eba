package dev.switchboard.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void bucketAllowsTheBurstThenTheRate() {
    TokenBucket bucket = new TokenBucket(10, 5, 0);

    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      if (bucket.tryAcquire(0)) {
        admitted++;
      }
    }

    assertThat(admitted).isEqualTo(5);
    assertThat(bucket.millisUntilNextToken(0)).isEqualTo(100);
    assertThat(bucket.tryAcquire(SECOND / 10)).isTrue();
    assertThat(bucket.tryAcquire(SECOND / 10)).isFalse();
  }

  @Test
  void bucketNeverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(1000, 3, 0);

    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      if (bucket.tryAcquire(60 * SECOND)) {
        admitted++;
      }
    }

    assertThat(admitted).isEqualTo(3);
  }

  @Test
  void perIpCapRefusesOneMoreAndFreesOnRelease() {
    PerIpConnections perIp = new PerIpConnections(2);

    perIp.opened("10.0.0.1");
    assertThat(perIp.isFull("10.0.0.1")).isFalse();
    perIp.opened("10.0.0.1");
    assertThat(perIp.isFull("10.0.0.1")).isTrue();
    perIp.opened("10.0.0.2");
    assertThat(perIp.isFull("10.0.0.2")).isFalse();
    perIp.release("10.0.0.1");
    assertThat(perIp.isFull("10.0.0.1")).isFalse();
    perIp.release("10.0.0.2");
    assertThat(perIp.openFrom("10.0.0.2")).isZero();
  }

  @Test
  void pendingClaimsAreFullAtTheLimitAndFreeAgainWhenOneEnds() {
    PendingClaims pending = new PendingClaims(2);

    pending.begin();
    assertThat(pending.isFull()).isFalse();
    pending.begin();
    assertThat(pending.isFull()).isTrue();
    pending.end();
    assertThat(pending.isFull()).isFalse();
    assertThat(pending.count()).isEqualTo(1);
  }
}
