package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

  private static RequestMetrics metrics(boolean enabled) {
    return new RequestMetrics(new EmfSettings(enabled, Duration.ofSeconds(60), "test"));
  }

  @Test
  void countsByOutcomeAndBucket() {
    RequestMetrics metrics = metrics(true);
    metrics.record(200, 40_000);
    metrics.record(302, 40_000);
    metrics.record(404, 2_000_000);
    metrics.record(503, 1);

    assertThat(total(metrics.drain(Outcome.SUCCESS))).isEqualTo(2);
    assertThat(metrics.drain(Outcome.CLIENT_ERROR)[LatencyBuckets.index(2_000_000)]).isEqualTo(1);
    assertThat(metrics.drain(Outcome.SERVER_ERROR)[0]).isEqualTo(1);
    assertThat(total(metrics.drain(Outcome.SUCCESS))).as("drained").isZero();
  }

  @Test
  void recordsNothingWhenOff() {
    RequestMetrics metrics = metrics(false);
    metrics.record(200, 40_000);
    assertThat(metrics.enabled()).isFalse();
    assertThat(total(metrics.drain(Outcome.SUCCESS))).isZero();
  }

  /** Draining while answers are recorded loses none and counts none twice. */
  @Test
  void drainingDuringRecordingLosesNothing() throws Exception {
    RequestMetrics metrics = metrics(true);
    int threads = 4;
    int perThread = 200_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> recorders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int status = t % 2 == 0 ? 200 : 404;
      Thread thread =
          new Thread(
              () -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                  metrics.record(status, 10_000 + i % 5_000);
                }
              });
      thread.start();
      recorders.add(thread);
    }
    AtomicBoolean running = new AtomicBoolean(true);
    long drained = 0;
    go.countDown();
    while (running.get()) {
      drained += total(metrics.drain(Outcome.SUCCESS)) + total(metrics.drain(Outcome.CLIENT_ERROR));
      running.set(recorders.stream().anyMatch(Thread::isAlive));
    }
    for (Thread thread : recorders) {
      thread.join();
    }
    drained += total(metrics.drain(Outcome.SUCCESS)) + total(metrics.drain(Outcome.CLIENT_ERROR));
    assertThat(drained).isEqualTo((long) threads * perThread);
  }

  static long total(long[] buckets) {
    long sum = 0;
    for (long count : buckets) {
      sum += count;
    }
    return sum;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
