package io.clockmirror.infra;

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
final class CdkJsonContext {

  private CdkJsonContext() {}

  /** The {@code context} object of a {@code cdk.json} file. */
  static Map<String, Object> read(Path cdkJson) {
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
  static void applyDefaults(App app, Map<String, Object> context) {
    context.forEach(
        (key, value) -> {
          if (app.getNode().tryGetContext(key) == null) {
            app.getNode().setContext(key, value);
          }
        });
  }
}
