package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running service with EMF on: every answer to a known mix of requests is in the lines, once,
 * under the outcome of the status the client saw, and the lines are valid EMF.
 */
@QuarkusTest
@TestProfile(EmfOnProfile.class)
class EmfMetricsTest {

  @TestHTTPResource("/")
  URL root;

  @Inject EmfPublisher publisher;

  @Test
  void everyAnswerIsCountedOnceByItsOutcome() throws Exception {
    publisher.lines(System.currentTimeMillis());

    Map<Outcome, Long> sent = RequestMix.send(root.getPort(), 3);
    List<String> lines = publisher.lines(System.currentTimeMillis());

    Map<Outcome, Long> counted = new EnumMap<>(Outcome.class);
    for (String line : lines) {
      EmfSpec.Document document = EmfSpec.parse(line);
      assertThat(document.environment()).isEqualTo(EmfOnProfile.ENVIRONMENT);
      assertThat(document.histogramCounts().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(document.requests());
      assertThat(document.latency()).hasSize((int) Math.min(document.requests(), 100));
      Outcome outcome =
          switch (document.outcome()) {
            case "2xx" -> Outcome.SUCCESS;
            case "4xx" -> Outcome.CLIENT_ERROR;
            default -> Outcome.SERVER_ERROR;
          };
      assertThat(counted.put(outcome, document.requests())).as("one line per outcome").isNull();
    }
    assertThat(sent).containsKeys(Outcome.SUCCESS, Outcome.CLIENT_ERROR);
    assertThat(counted).isEqualTo(sent);
  }

  @Test
  void anIdleIntervalWritesNothing() {
    publisher.lines(System.currentTimeMillis());
    assertThat(publisher.lines(System.currentTimeMillis())).isEmpty();
  }
}
