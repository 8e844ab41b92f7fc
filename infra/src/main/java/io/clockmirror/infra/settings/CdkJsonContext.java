package io.clockmirror.infra.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;

/**
 * Gives an app the context of {@code cdk.json} when it is not run by the CDK CLI (which passes that
 * context itself), so that Maven and the tests synthesize what {@code cdk synth} does.
 */
public final class CdkJsonContext {

  /** System property naming the {@code cdk.json} to read when the CDK CLI is not the caller. */
  public static final String CDK_JSON_PROPERTY = "clockmirror.cdk-json";

  private CdkJsonContext() {}

  /**
   * The {@code cdk.json} the app reads: the one {@value #CDK_JSON_PROPERTY} names, else the one in
   * the working directory (where the CDK CLI runs the app).
   */
  public static Path file() {
    return Path.of(System.getProperty(CDK_JSON_PROPERTY, "cdk.json"));
  }

  /** The {@code context} object of a {@code cdk.json} file. */
  public static Map<String, Object> read(Path cdkJson) {
    try {
      Map<?, ?> file = new ObjectMapper().readValue(Files.readString(cdkJson), Map.class);
      if (!(file.get("context") instanceof Map<?, ?> context)) {
        throw new IllegalArgumentException(cdkJson + " has no context object");
      }
      return context.entrySet().stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  entry -> String.valueOf(entry.getKey()), Map.Entry::getValue));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cdkJson, e);
    }
  }

  /** Sets each key of {@code context} that the app has no value for yet. */
  public static void applyDefaults(App app, Map<String, Object> context) {
    context.forEach(
        (key, value) -> {
          if (app.getNode().tryGetContext(key) == null) {
            app.getNode().setContext(key, value);
          }
        });
  }
}
