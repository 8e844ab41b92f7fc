package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The list prices of one region, as {@code prices/<region>.json} on the class path gives them: each
 * with the page it comes from, the day it was read and whether a figure for that region was seen.
 *
 * @param region the AWS region the prices are for
 * @param asOf the day the file was last brought up to date
 * @param prices every {@link PriceKey}'s price
 */
public record PriceList(String region, LocalDate asOf, Map<PriceKey, Price> prices) {

  /**
   * One price.
   *
   * @param usd US dollars per unit
   * @param unit what is counted
   * @param source the pricing page the price belongs to
   * @param read the day the source was read
   * @param seenForRegion whether a figure for the file's region was seen, rather than a global or
   *     another region's one
   * @param evidence where the figure was seen, or why another one is used
   */
  public record Price(
      double usd,
      String unit,
      String source,
      LocalDate read,
      boolean seenForRegion,
      String evidence) {

    public Price {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(evidence, "evidence");
      if (!(usd >= 0) || Double.isInfinite(usd)) {
        throw new IllegalArgumentException("a price must be a finite number >= 0: " + usd);
      }
      if (!source.startsWith("https://")) {
        throw new IllegalArgumentException("a price's source must be an https URL: " + source);
      }
    }
  }

  public PriceList {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(asOf, "asOf");
    prices = Map.copyOf(Objects.requireNonNull(prices, "prices"));
    Set<PriceKey> missing = new TreeSet<>(Arrays.asList(PriceKey.values()));
    missing.removeAll(prices.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "prices for "
              + region
              + " lack "
              + missing.stream().map(PriceKey::key).collect(Collectors.joining(", ")));
    }
  }

  /** US dollars per unit of {@code key}. */
  public double usd(PriceKey key) {
    return prices.get(key).usd();
  }

  /** The prices of {@code region}, from the class path resource {@code prices/<region>.json}. */
  public static PriceList forRegion(String region) {
    String resource = "/prices/" + region + ".json";
    try (InputStream in = PriceList.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no prices for region "
                + region
                + ": add infra/src/main/resources"
                + resource
                + " (the cost model prices nothing it has no dated source for)");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Reads a price file's JSON; unknown keys are refused, so that a typo cannot hide a price. */
  static PriceList parse(JsonNode file) {
    String region = text(file, "region");
    Map<PriceKey, Price> prices = new EnumMap<>(PriceKey.class);
    List<String> unknown = new ArrayList<>();
    JsonNode entries = file.path("prices");
    entries
        .properties()
        .forEach(
            entry -> {
              PriceKey key = Keys.find(PriceKey.class, PriceKey::key, entry.getKey()).orElse(null);
              if (key == null) {
                unknown.add(entry.getKey());
                return;
              }
              JsonNode price = entry.getValue();
              prices.put(
                  key,
                  new Price(
                      number(price, "usd"),
                      text(price, "unit"),
                      text(price, "source"),
                      date(price, "read"),
                      seen(price),
                      text(price, "evidence")));
            });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("prices for " + region + " has unknown keys " + unknown);
    }
    return new PriceList(region, date(file, "asOf"), prices);
  }

  private static boolean seen(JsonNode price) {
    return switch (text(price, "regionFigure")) {
      case "seen" -> true;
      case "not seen" -> false;
      default ->
          throw new IllegalArgumentException(
              "regionFigure must be 'seen' or 'not seen': " + price.path("regionFigure"));
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is missing in " + node);
    }
    return value.asText();
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' must be a number in " + node);
    }
    return value.asDouble();
  }

  private static LocalDate date(JsonNode node, String field) {
    try {
      return LocalDate.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + field + "' must be a date (YYYY-MM-DD)", e);
    }
  }
}
