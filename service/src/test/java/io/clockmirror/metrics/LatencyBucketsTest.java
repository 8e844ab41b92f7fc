package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Property
  void everyLatencyFallsInsideItsBucket(
      @ForAll @LongRange(min = 0, max = 100_000_000_000L) long n) {
    int i = LatencyBuckets.index(n);
    assertThat(n).isGreaterThanOrEqualTo(LatencyBuckets.lowerNanos(i));
    assertThat(n).isLessThan(LatencyBuckets.upperNanos(i));
  }

  @Property
  void theWrittenValueIsWithinTenPercentOfAnyLatencyInTheBucket(
      @ForAll @LongRange(min = 125, max = 16_000_000_000L) long n) {
    double written = Double.parseDouble(LatencyBuckets.millisOf(LatencyBuckets.index(n)));
    assertThat(written).isBetween(n / 1e6 * 0.9, n / 1e6 * 1.1);
  }

  @Test
  void bucketsCoverEverythingInOrder() {
    assertThat(LatencyBuckets.index(-5)).isZero();
    assertThat(LatencyBuckets.index(0)).isZero();
    assertThat(LatencyBuckets.index(124)).isZero();
    assertThat(LatencyBuckets.index(125)).isEqualTo(1);
    assertThat(LatencyBuckets.upperNanos(12)).as("1 µs").isEqualTo(1_000);
    assertThat(LatencyBuckets.lowerNanos(LatencyBuckets.COUNT - 1)).isEqualTo(16_777_216_000L);
    assertThat(LatencyBuckets.index(Long.MAX_VALUE)).isEqualTo(LatencyBuckets.COUNT - 1);
    for (int i = 1; i < LatencyBuckets.COUNT; i++) {
      assertThat(LatencyBuckets.lowerNanos(i)).isEqualTo(LatencyBuckets.upperNanos(i - 1));
      assertThat(Double.parseDouble(LatencyBuckets.millisOf(i)))
          .isGreaterThan(Double.parseDouble(LatencyBuckets.millisOf(i - 1)));
    }
  }
}
