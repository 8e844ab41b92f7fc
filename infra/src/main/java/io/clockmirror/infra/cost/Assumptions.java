package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The figures of {@code cost/assumptions.json}: every {@link Assumption} with where it comes from.
 *
 * @param values each assumption's figure
 * @param sources each assumption's source
 */
public record Assumptions(Map<Assumption, Double> values, Map<Assumption, String> sources) {

  private static final String RESOURCE = "/cost/assumptions.json";

  public Assumptions {
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
    sources = Map.copyOf(Objects.requireNonNull(sources, "sources"));
    Set<Assumption> missing = EnumSet.allOf(Assumption.class);
    missing.removeAll(values.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("assumptions lack " + missing);
    }
    values.forEach(
        (assumption, value) -> {
          if (!(value > 0) || value.isInfinite()) {
            throw new IllegalArgumentException(
                assumption.key() + " must be a positive number: " + value);
          }
        });
  }

  /** The figure of {@code assumption}. */
  public double value(Assumption assumption) {
    return values.get(assumption);
  }

  /** The assumptions shipped with the model. */
  public static Assumptions load() {
    try (InputStream in = Assumptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static Assumptions parse(JsonNode file) {
    Map<Assumption, Double> values = new EnumMap<>(Assumption.class);
    Map<Assumption, String> sources = new EnumMap<>(Assumption.class);
    List<String> unknown = new ArrayList<>();
    file.path("values")
        .properties()
        .forEach(
            entry -> {
              Assumption assumption =
                  Keys.find(Assumption.class, Assumption::key, entry.getKey()).orElse(null);
              if (assumption == null) {
                unknown.add(entry.getKey());
                return;
              }
              JsonNode value = entry.getValue().path("value");
              if (!value.isNumber()) {
                throw new IllegalArgumentException(entry.getKey() + " has no numeric value");
              }
              values.put(assumption, value.asDouble());
              sources.put(assumption, entry.getValue().path("source").asText());
            });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown assumptions " + unknown);
    }
    return new Assumptions(values, sources);
  }
}
