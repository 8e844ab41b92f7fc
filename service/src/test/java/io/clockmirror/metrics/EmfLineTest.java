package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EmfLineTest {

  private static final long T0 = 1_764_633_600_000L;

  @Test
  void anIntervalWithoutAnswersWritesNoLine() {
    assertThat(EmfLine.of("dev", Outcome.SUCCESS, T0, new long[LatencyBuckets.COUNT])).isNull();
  }

  @Test
  void aSmallIntervalListsEveryAnswer() {
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[LatencyBuckets.index(50_000)] = 2; // 50 µs
    buckets[LatencyBuckets.index(3_000_000)] = 1; // 3 ms

    EmfSpec.Document line = EmfSpec.parse(EmfLine.of("dev", Outcome.CLIENT_ERROR, T0, buckets));

    assertThat(line.timestamp()).isEqualTo(T0);
    assertThat(line.environment()).isEqualTo("dev");
    assertThat(line.outcome()).isEqualTo("4xx");
    assertThat(line.requests()).isEqualTo(3);
    assertThat(line.latency()).hasSize(3);
    assertThat(line.latency().get(0)).isEqualTo(line.latency().get(1)).isCloseTo(0.05, within(0.1));
    assertThat(line.latency().get(2)).isCloseTo(3.0, within(0.1));
    assertThat(line.histogramCounts()).containsExactly(2L, 1L);
  }

  @Test
  void theEnvironmentIsEscapedIntoValidJson() {
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[3] = 1;
    String environment = "a \"quoted\" \\ name";
    assertThat(EmfSpec.parse(EmfLine.of(environment, Outcome.SUCCESS, T0, buckets)).environment())
        .isEqualTo(environment);
  }

  @Test
  void theValidatorRejectsWhatTheSpecificationForbids() {
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[10] = 500;
    String good = EmfLine.of("dev", Outcome.SUCCESS, T0, buckets);
    assertThat(EmfSpec.parse(good).latency()).hasSize(EmfLine.MAX_VALUES);

    StringBuilder tooMany = new StringBuilder("[");
    for (int i = 0; i <= EmfLine.MAX_VALUES; i++) {
      tooMany.append(i == 0 ? "" : ",").append("0.1");
    }
    String oversized = good.replaceFirst("\"Latency\":\\[[^]]*]", "\"Latency\":" + tooMany + "]");
    assertThatThrownBy(() -> EmfSpec.parse(oversized)).hasMessageContaining("1 to 100 values");
    assertThatThrownBy(() -> EmfSpec.parse(good.replace("\"Outcome\":\"2xx\",", "")))
        .hasMessageContaining("dimension");
    assertThatThrownBy(() -> EmfSpec.parse(good.replace("Milliseconds", "Millis")))
        .hasMessageContaining("CloudWatch unit");
    assertThatThrownBy(() -> EmfSpec.parse(good + " trailing"))
        .hasMessageContaining("one JSON object");
    assertThatThrownBy(() -> EmfSpec.parse(good.replace("\"Timestamp\"", "\"Time\"")))
        .hasMessageContaining("_aws");
  }

  /**
   * Every line is a valid document whose counts add up, and the values stand for the answers
   * evenly: each bucket gets its share of the values to within one, which is what makes
   * CloudWatch's percentiles over them the interval's percentiles.
   */
  @Property(tries = 300)
  void everyLineIsValidAndItsValuesRepresentTheBuckets(@ForAll("buckets") long[] buckets) {
    long total = 0;
    for (long count : buckets) {
      total += count;
    }
    String json = EmfLine.of("prod", Outcome.SERVER_ERROR, T0, buckets);
    if (total == 0) {
      assertThat(json).isNull();
      return;
    }
    EmfSpec.Document line = EmfSpec.parse(json);
    assertThat(line.requests()).isEqualTo(total);
    assertThat(line.histogramCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    long samples = Math.min(total, EmfLine.MAX_VALUES);
    assertThat(line.latency()).hasSize((int) samples).isSorted();

    Map<Double, Long> perValue = new HashMap<>();
    for (double value : line.latency()) {
      perValue.merge(value, 1L, Long::sum);
    }
    List<Double> histogramValues = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] == 0) {
        continue;
      }
      double value = Double.parseDouble(LatencyBuckets.millisOf(i));
      histogramValues.add(value);
      double share = (double) buckets[i] * samples / total;
      assertThat((double) perValue.getOrDefault(value, 0L))
          .as("values for bucket %d (%d of %d answers)", i, buckets[i], total)
          .isBetween(Math.floor(share) - 1, Math.ceil(share) + 1);
      if (total <= EmfLine.MAX_VALUES) {
        assertThat(perValue.get(value)).isEqualTo(buckets[i]);
      }
    }
    assertThat(line.histogramValues()).isEqualTo(histogramValues);
    assertThat(perValue.keySet()).isSubsetOf(histogramValues);
  }

  @Provide
  Arbitrary<long[]> buckets() {
    Arbitrary<Long> count =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 50)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 2_000_000)));
    return count.array(long[].class).ofSize(LatencyBuckets.COUNT);
  }

  private static org.assertj.core.data.Percentage within(double fraction) {
    return org.assertj.core.data.Percentage.withPercentage(fraction * 100);
  }
}
