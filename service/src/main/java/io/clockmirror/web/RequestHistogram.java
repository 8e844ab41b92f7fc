package io.clockmirror.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Publishes the HTTP server timer as a Prometheus histogram, so that latency percentiles can be
 * computed across instances ({@code histogram_quantile}) instead of averaged.
 */
@Singleton
final class RequestHistogram {

  static final String HTTP_SERVER_REQUESTS = "http.server.requests";

  /** Bucket bounds in nanoseconds: 0.5 ms to 1 s, fine where a healthy instance answers. */
  private static final double[] BUCKETS = {
    millis(0.5),
    millis(1),
    millis(2),
    millis(5),
    millis(10),
    millis(25),
    millis(50),
    millis(100),
    millis(250),
    millis(500),
    millis(1000)
  };

  private static double millis(double ms) {
    return ms * Duration.ofMillis(1).toNanos();
  }

  @Produces
  @Singleton
  MeterFilter histogramForHttpRequests() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(BUCKETS)
            .build()
            .merge(config);
      }
    };
  }
}
