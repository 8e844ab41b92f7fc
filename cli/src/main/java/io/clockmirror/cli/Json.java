package io.clockmirror.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the JSON the aws CLI, the CDK and cdk.json give, by path, without mapping classes. */
final class Json {

  private Json() {}

  static Map<String, Object> object(String text, String what) {
    try {
      Map<String, Object> map = JSON.std.mapFrom(text);
      if (map == null) {
        throw Failure.stepFailed(what + " printed no JSON", "see the transcript");
      }
      return map;
    } catch (IOException e) {
      throw Failure.stepFailed(
          what + " printed something that is not JSON: " + firstLine(text), "see the transcript");
    }
  }

  static String write(Object value) {
    try {
      return JSON.std.asString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value at a path of keys and list indexes, if every step exists. */
  static Optional<Object> at(Object root, Object... path) {
    Object current = root;
    for (Object step : path) {
      if (step instanceof String key && current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (step instanceof Integer index && current instanceof List<?> list) {
        current = index < list.size() ? list.get(index) : null;
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  static Optional<String> string(Object root, Object... path) {
    return at(root, path).map(String::valueOf);
  }

  static List<Map<String, Object>> objects(Object root, Object... path) {
    return at(root, path)
        .filter(List.class::isInstance)
        .map(
            list ->
                ((List<?>) list).stream().filter(Map.class::isInstance).map(Json::cast).toList())
        .orElse(List.of());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  static int integer(Object root, Object... path) {
    return at(root, path).map(value -> ((Number) value).intValue()).orElse(0);
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
