package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LogsTest {

  @Test
  void theServicesJsonLinesAreShownReadably() throws Exception {
    try (Fixture fixture = new Fixture()) {
      assertThat(fixture.run("deploy", "dev").exit()).isZero();
      // aws logs tail --format detailed: "<timestamp> <log stream> <message>"
      Files.writeString(
          fixture.account.resolve("log-events.txt"),
          """
          2026-12-06T10:15:00.123000+00:00 ecs/clockmirror/0a1b2c3d4e5f67890 {"timestamp":"2026-12-06T10:15:00.123Z","sequence":7,"loggerClassName":"org.jboss.logging.Logger","loggerName":"io.quarkus","level":"INFO","message":"clockmirror 1.0.0 started in 0.612s. Listening on: http://0.0.0.0:8080","threadName":"main","threadId":1,"mdc":{},"ndc":"","hostName":"ip-10-40-3-17","processName":"clockmirror","processId":1}
          2026-12-06T10:15:05.456000+00:00 ecs/clockmirror/0a1b2c3d4e5f67890 {"timestamp":"2026-12-06T10:15:05.456Z","loggerName":"io.clockmirror.web.Problems","level":"ERROR","message":"unexpected failure","mdc":{"method":"GET","path":"/clock"},"exception":{"exceptionType":"java.lang.IllegalStateException","message":"boom"}}
          2026-12-06T10:16:00.000000+00:00 ecs/clockmirror/0a1b2c3d4e5f67890 {"_aws":{"Timestamp":1796172240000,"CloudWatchMetrics":[{"Namespace":"clockmirror","Dimensions":[["Environment","Outcome"]],"Metrics":[{"Name":"Requests","Unit":"Count"},{"Name":"Latency","Unit":"Milliseconds"}]}]},"Environment":"dev","Outcome":"2xx","Requests":12,"Latency":[0.4,0.6]}
          2026-12-06T10:16:01.000000+00:00 ecs/clockmirror/0a1b2c3d4e5f67890 plain text from the JVM
          """);

      Fixture.Run run = fixture.run("logs", "dev", "--since", "1h");

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(run.out().lines())
          .containsExactly(
              "10:15:00.123 0a1b2c3d INFO  quarkus: clockmirror 1.0.0 started in 0.612s. Listening on: http://0.0.0.0:8080"
                  .replace("quarkus:", "i.quarkus:"),
              "10:15:05.456 0a1b2c3d ERROR i.c.w.Problems: unexpected failure  method=GET path=/clock exception=java.lang.IllegalStateException: boom",
              "10:16:00.000 0a1b2c3d METRIC Requests=12 Latency=2 values, last 0.6 Environment=dev Outcome=2xx",
              "10:16:01.000 0a1b2c3d plain text from the JVM");
      assertThat(fixture.calls())
          .contains(
              java.util.List.of(
                  "aws",
                  "logs",
                  "tail",
                  "/ecs/dev-clockmirror",
                  "--since",
                  "1h",
                  "--format",
                  "detailed",
                  "--region",
                  "eu-west-1"));
    }
  }

  @Test
  void aBadSinceIsRefusedBeforeAnyCall() throws Exception {
    try (Fixture fixture = new Fixture()) {
      Fixture.Run run = fixture.run("logs", "dev", "--since", "yesterday");
      assertThat(run.exit()).isEqualTo(ExitCode.USAGE.status());
      assertThat(run.err())
          .contains("--since yesterday is not a time")
          .contains("fix: e.g. --since 10m");
      assertThat(fixture.calls()).isEmpty();
    }
  }
}
