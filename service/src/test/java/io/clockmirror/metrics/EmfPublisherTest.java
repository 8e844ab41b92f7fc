package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfPublisherTest {

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(written, true, StandardCharsets.US_ASCII);

  private List<String> lines() {
    return Arrays.stream(written.toString(StandardCharsets.US_ASCII).split("\n", -1))
        .filter(line -> !line.isEmpty())
        .toList();
  }

  @Test
  void writesOneLinePerOutcomeWithAnswersAndStartsTheNextIntervalAtTheEnd() {
    Instant now = Instant.parse("2026-12-01T10:00:30Z");
    RequestMetrics metrics =
        new RequestMetrics(new EmfSettings(true, Duration.ofSeconds(60), "dev"));
    EmfPublisher publisher = new EmfPublisher(metrics, Clock.fixed(now, ZoneOffset.UTC), out);
    metrics.record(200, 30_000);
    metrics.record(200, 30_000);
    metrics.record(500, 30_000);

    long end = Instant.parse("2026-12-01T10:01:00Z").toEpochMilli();
    publisher.publish(end);
    publisher.publish(end + 60_000);

    assertThat(written.toString(StandardCharsets.US_ASCII)).endsWith("\n");
    List<EmfSpec.Document> documents = lines().stream().map(EmfSpec::parse).toList();
    assertThat(documents)
        .extracting(EmfSpec.Document::outcome, EmfSpec.Document::requests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2xx", 2L),
            org.assertj.core.groups.Tuple.tuple("5xx", 1L));
    assertThat(documents).allSatisfy(d -> assertThat(d.timestamp()).isEqualTo(now.toEpochMilli()));
  }

  @Test
  void stoppingWritesTheLastPartialInterval() {
    RequestMetrics metrics = new RequestMetrics(new EmfSettings(true, Duration.ofHours(1), "dev"));
    EmfPublisher publisher = new EmfPublisher(metrics, Clock.systemUTC(), out);
    publisher.start(null);
    metrics.record(404, 1_000_000);
    assertThat(lines()).isEmpty();

    publisher.stop();
    publisher.stop();

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              EmfSpec.Document document = EmfSpec.parse(line);
              assertThat(document.outcome()).isEqualTo("4xx");
              assertThat(document.requests()).isEqualTo(1);
            });
  }

  @Test
  void writesAtTheEndOfEveryInterval() throws InterruptedException {
    RequestMetrics metrics =
        new RequestMetrics(new EmfSettings(true, Duration.ofMillis(200), "dev"));
    EmfPublisher publisher = new EmfPublisher(metrics, Clock.systemUTC(), out);
    publisher.start(null);
    try {
      metrics.record(200, 1_000_000);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (lines().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(lines()).as("a line while running").hasSize(1);
    } finally {
      publisher.stop();
    }
  }

  @Test
  void writesNothingWhenOff() {
    RequestMetrics metrics =
        new RequestMetrics(new EmfSettings(false, Duration.ofMillis(200), "dev"));
    EmfPublisher publisher = new EmfPublisher(metrics, Clock.systemUTC(), out);
    publisher.start(null);
    metrics.record(200, 1_000_000);
    publisher.stop();
    assertThat(lines()).isEmpty();
  }
}
