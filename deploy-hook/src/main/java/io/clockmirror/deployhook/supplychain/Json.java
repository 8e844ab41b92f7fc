package io.clockmirror.deployhook.supplychain;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading untrusted JSON (registry answers, signature payloads, AWS answers) field by field: every
 * missing or mistyped field is an IllegalArgumentException that names it.
 */
final class Json {

  private Json() {}

  static Map<?, ?> object(byte[] json, String what) {
    Object value;
    try {
      value = JSON.std.anyFrom(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + firstLine(e.getMessage()), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return map;
  }

  /** Compact JSON; null values are written (a signature payload needs "optional": null). */
  static byte[] write(Object value) {
    try {
      return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("maps, lists, strings and numbers always serialize", e);
    }
  }

  static Map<?, ?> object(Map<?, ?> parent, String field) {
    if (parent.get(field) instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException("'" + field + "' is not a JSON object");
  }

  static List<?> list(Map<?, ?> parent, String field) {
    if (parent.get(field) instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("'" + field + "' is not a JSON array");
  }

  static String string(Map<?, ?> parent, String field) {
    if (parent.get(field) instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("'" + field + "' is not a JSON string");
  }

  static long number(Map<?, ?> parent, String field) {
    if (parent.get(field) instanceof Number number
        && number.longValue() >= 0
        && number.doubleValue() == number.longValue()) {
      return number.longValue();
    }
    throw new IllegalArgumentException("'" + field + "' is not a whole number >= 0");
  }

  /** The object's fields are exactly these, as containers/image requires of a payload. */
  static void exactFields(Map<?, ?> object, String where, String... fields) {
    if (object.size() != fields.length || !object.keySet().containsAll(List.of(fields))) {
      throw new IllegalArgumentException(
          where + " has the fields " + object.keySet() + ", expected exactly " + List.of(fields));
    }
  }

  /**
   * A JSON object whose fields keep the given order ({@code Map.of} iterates in an order that
   * changes from one JVM to the next, and written documents must not).
   */
  static Map<String, Object> ordered(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      object.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return object;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
