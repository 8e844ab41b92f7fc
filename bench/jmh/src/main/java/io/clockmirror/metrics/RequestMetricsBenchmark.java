package io.clockmirror.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What EMF adds to one answer on the hot path: the clock read and the counter increment. In the
 * service's package because the recorder's settings are package-private. Run with {@code -prof
 * gc}: {@code gc.alloc.rate.norm} is the bytes allocated per answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestMetricsBenchmark {

  private final RequestMetrics metrics =
      new RequestMetrics(new EmfSettings(true, Duration.ofSeconds(60), "bench"));

  /** One answer as the self-timed route records it: a clock read and the increment. */
  @Benchmark
  public void recordOneThread() {
    metrics.record(200, System.nanoTime() & 0xFFFFF);
  }

  /** The same from two threads at once: two event loops counting into the same buckets. */
  @Benchmark
  @Threads(2)
  public void recordTwoThreads() {
    metrics.record(200, System.nanoTime() & 0xFFFFF);
  }

  /** The clock read alone, which the route does anyway for its own timer. */
  @Benchmark
  public long clockOnly() {
    return System.nanoTime() & 0xFFFFF;
  }
}
