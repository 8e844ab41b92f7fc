package io.clockmirror.metrics;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts every answer by outcome and latency bucket for the EMF lines. Recording is one {@link
 * LongAdder} increment: lock-free, and without allocation once the adder has grown its cells for
 * the event-loop threads that contend on it. {@link #drain} reads and resets each counter
 * atomically, so an answer recorded while a line is being built counts in this interval or the
 * next, never in both or neither.
 */
@Singleton
public final class RequestMetrics {

  private static final int OUTCOMES = Outcome.values().length;

  private final EmfSettings settings;
  private final boolean enabled;
  private final LongAdder[] counts = new LongAdder[OUTCOMES * LatencyBuckets.COUNT];

  @Inject
  RequestMetrics(
      @ConfigProperty(name = "clockmirror.metrics.emf.enabled") boolean enabled,
      @ConfigProperty(name = "clockmirror.metrics.emf.interval") Duration interval,
      @ConfigProperty(name = "clockmirror.metrics.environment") String environment) {
    this(new EmfSettings(enabled, interval, environment));
  }

  RequestMetrics(EmfSettings settings) {
    this.settings = settings;
    this.enabled = settings.enabled();
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** False when EMF is off: callers then skip even reading the clock. */
  public boolean enabled() {
    return enabled;
  }

  /** Counts one answer with this HTTP status that took {@code nanos}. */
  public void record(int status, long nanos) {
    if (enabled) {
      counts[Outcome.of(status).ordinal() * LatencyBuckets.COUNT + LatencyBuckets.index(nanos)]
          .increment();
    }
  }

  EmfSettings settings() {
    return settings;
  }

  /** The counts per bucket of one outcome since the last drain, and resets them. */
  long[] drain(Outcome outcome) {
    long[] buckets = new long[LatencyBuckets.COUNT];
    int base = outcome.ordinal() * LatencyBuckets.COUNT;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = counts[base + i].sumThenReset();
    }
    return buckets;
  }
}
