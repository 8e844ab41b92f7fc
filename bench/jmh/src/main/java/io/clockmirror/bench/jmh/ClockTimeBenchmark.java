package io.clockmirror.bench.jmh;

import io.clockmirror.clock.ClockTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The domain work of one request: parse the mirror time, reflect it. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per call, zero on the valid path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClockTimeBenchmark {

  /** Valid in both accepted shapes, and two invalid values the parser must reject early. */
  @Param({"12:22", "2:11", "13:20", "12-22"})
  public String text;

  @Benchmark
  public ClockTime parseAndReflect() {
    Optional<ClockTime> mirror = ClockTime.parse(text);
    return mirror.isPresent() ? mirror.get().reflect() : null;
  }

  @Benchmark
  public Optional<ClockTime> parseOnly() {
    return ClockTime.parse(text);
  }
}
