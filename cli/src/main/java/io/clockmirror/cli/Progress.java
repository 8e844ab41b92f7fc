package io.clockmirror.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One line per step: its number, its title, what it found or did, and how long it took. The step
 * under way is known, so an interruption can name it.
 */
public final class Progress {

  /** What a step ended with: whether it changed anything, and the one line that says what. */
  public record Outcome(boolean changed, String detail) {
    public Outcome {
      Objects.requireNonNull(detail, "detail");
    }

    public static Outcome changed(String detail) {
      return new Outcome(true, detail);
    }

    public static Outcome unchanged(String detail) {
      return new Outcome(false, detail);
    }
  }

  private static final AtomicReference<String> CURRENT = new AtomicReference<>();

  private final PrintStream out;
  private final int total;
  private int number;
  private int changed;

  public Progress(PrintStream out, int total) {
    this.out = Objects.requireNonNull(out, "out");
    this.total = total;
  }

  /** Runs a step and prints its line. */
  public Outcome step(String title, Supplier<Outcome> body) {
    number++;
    String label = String.format(Locale.ROOT, "[%d/%d] %s", number, total, title);
    CURRENT.set(label);
    long start = System.nanoTime();
    try {
      Outcome outcome = body.get();
      if (outcome.changed()) {
        changed++;
      }
      out.printf(
          Locale.ROOT,
          "%-28s %-9s %s (%s)%n",
          label,
          outcome.changed() ? "changed" : "unchanged",
          outcome.detail(),
          seconds(start));
      return outcome;
    } catch (Failure failure) {
      out.printf(Locale.ROOT, "%-28s %-9s (%s)%n", label, "FAILED", seconds(start));
      throw failure;
    } finally {
      CURRENT.set(null);
    }
  }

  /** A line inside the current step (e.g. waiting for CloudFormation). */
  public void note(String text) {
    out.println("      " + text);
  }

  public int changedSteps() {
    return changed;
  }

  /** The step under way, if any: for the Ctrl-C message. */
  static String current() {
    return CURRENT.get();
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
  }
}
