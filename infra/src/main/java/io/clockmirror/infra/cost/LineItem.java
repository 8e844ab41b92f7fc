package io.clockmirror.infra.cost;

import java.util.Objects;

/**
 * One line of a bill.
 *
 * @param item what bills
 * @param count how many of {@code unit}
 * @param unit what is counted, with its price
 * @param monthlyUsd US dollars a month
 */
public record LineItem(String item, double count, String unit, double monthlyUsd) {

  public LineItem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(unit, "unit");
    if (!(count >= 0) || !(monthlyUsd >= 0)) {
      throw new IllegalArgumentException(item + ": count and dollars must be >= 0");
    }
  }
}
