package io.clockmirror.metrics;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes the EMF lines to standard output at the end of every interval, straight to the stream and
 * one whole line per write: not through the logger, whose JSON format would wrap them, and never
 * split, so the awslogs driver hands CloudWatch Logs each document as one event. An outcome without
 * answers in an interval writes nothing. The last, partial interval is written when the service
 * stops, after the HTTP server has finished its last request.
 */
@Singleton
final class EmfPublisher {

  private static final Logger LOG = Logger.getLogger(EmfPublisher.class);

  private final RequestMetrics metrics;
  private final Clock clock;
  private final PrintStream out;
  private final long intervalMillis;
  private ScheduledExecutorService scheduler;

  /** Start of the interval being counted, milliseconds since the epoch. */
  private long intervalStart;

  private boolean stopped;

  @Inject
  EmfPublisher(RequestMetrics metrics) {
    this(metrics, Clock.systemUTC(), System.out);
  }

  EmfPublisher(RequestMetrics metrics, Clock clock, PrintStream out) {
    this.metrics = metrics;
    this.clock = clock;
    this.out = out;
    this.intervalMillis = metrics.settings().interval().toMillis();
    this.intervalStart = clock.millis();
  }

  void start(@Observes StartupEvent started) {
    if (!metrics.enabled()) {
      return;
    }
    synchronized (this) {
      intervalStart = clock.millis();
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "emf-metrics");
                thread.setDaemon(true);
                return thread;
              });
      scheduleNext();
    }
  }

  private void scheduleNext() {
    long now = clock.millis();
    long boundary = (now / intervalMillis + 1) * intervalMillis;
    scheduler.schedule(() -> tick(boundary), boundary - now, TimeUnit.MILLISECONDS);
  }

  private void tick(long boundary) {
    try {
      publish(boundary);
    } catch (RuntimeException e) {
      LOG.warn("Could not write the EMF metrics of an interval", e);
    }
    synchronized (this) {
      if (!stopped) {
        scheduleNext();
      }
    }
  }

  /** Writes the lines of the interval ending at {@code end} and starts the next one there. */
  synchronized void publish(long end) {
    for (String line : lines(end)) {
      byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
      out.write(bytes, 0, bytes.length);
    }
    out.flush();
  }

  /** The lines of the interval ending at {@code end}, one per outcome with answers. */
  synchronized List<String> lines(long end) {
    List<String> lines = new ArrayList<>(Outcome.values().length);
    for (Outcome outcome : Outcome.values()) {
      String line =
          EmfLine.of(
              metrics.settings().environment(), outcome, intervalStart, metrics.drain(outcome));
      if (line != null) {
        lines.add(line);
      }
    }
    intervalStart = end;
    return lines;
  }

  /** Bean destruction comes after the HTTP server has stopped: nothing is counted after this. */
  @PreDestroy
  void stop() {
    ScheduledExecutorService running;
    synchronized (this) {
      if (stopped || scheduler == null) {
        stopped = true;
        return;
      }
      stopped = true;
      running = scheduler;
    }
    running.shutdownNow();
    try {
      running.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publish(clock.millis());
  }
}
