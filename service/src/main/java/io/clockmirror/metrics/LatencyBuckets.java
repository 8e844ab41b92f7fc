package io.clockmirror.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * The fixed latency buckets every answer is counted in: four per doubling from 125 ns to 16.8 s, so
 * a bucket is 19 % wide and its middle value is within 10 % of any latency in it, plus one bucket
 * below 125 ns and one above 16.8 s. The low end is that low because {@code /clock} spends about a
 * microsecond in its handler. Finding the bucket is a binary search over 109 longs: no allocation
 * and no floating point on the request path.
 */
final class LatencyBuckets {

  /** Number of buckets. */
  static final int COUNT = 110;

  private static final int PER_DOUBLING = 4;

  /** The lowest bound, 125 ns, is this many doublings below 1 µs. */
  private static final int DOUBLINGS_BELOW_MICROSECOND = 3;

  /** Exclusive upper bound of bucket {@code i}, in nanoseconds; the last bucket has none. */
  private static final long[] UPPER_NANOS = new long[COUNT - 1];

  /** The value in milliseconds that stands for bucket {@code i}, as written in the EMF line. */
  private static final String[] MILLIS = new String[COUNT];

  private static final MathContext THREE_DIGITS = new MathContext(3);

  static {
    for (int i = 0; i < UPPER_NANOS.length; i++) {
      UPPER_NANOS[i] =
          Math.round(1_000 * Math.pow(2, (double) i / PER_DOUBLING - DOUBLINGS_BELOW_MICROSECOND));
    }
    MILLIS[0] = millis(UPPER_NANOS[0] / 2.0);
    for (int i = 1; i < UPPER_NANOS.length; i++) {
      // The geometric middle: the same relative error towards either bound.
      MILLIS[i] = millis(Math.sqrt((double) UPPER_NANOS[i - 1] * UPPER_NANOS[i]));
    }
    MILLIS[COUNT - 1] = millis(UPPER_NANOS[UPPER_NANOS.length - 1]);
  }

  private LatencyBuckets() {}

  /** The bucket of a latency; negative values (a clock step) land in the lowest bucket. */
  static int index(long nanos) {
    int found = Arrays.binarySearch(UPPER_NANOS, nanos);
    return found >= 0 ? found + 1 : -found - 1;
  }

  /** The value written for bucket {@code index}, in milliseconds, three significant digits. */
  static String millisOf(int index) {
    return MILLIS[index];
  }

  /** Lower bound of bucket {@code index} in nanoseconds (inclusive). */
  static long lowerNanos(int index) {
    return index == 0 ? 0 : UPPER_NANOS[index - 1];
  }

  /** Upper bound of bucket {@code index} in nanoseconds (exclusive); the last is unbounded. */
  static long upperNanos(int index) {
    return index == COUNT - 1 ? Long.MAX_VALUE : UPPER_NANOS[index];
  }

  private static String millis(double nanos) {
    return new BigDecimal(nanos / 1_000_000.0)
        .round(THREE_DIGITS)
        .stripTrailingZeros()
        .toPlainString();
  }
}
