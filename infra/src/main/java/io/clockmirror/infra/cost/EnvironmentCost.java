package io.clockmirror.infra.cost;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one environment costs.
 *
 * @param environment its name
 * @param region the region its prices are for
 * @param pricesAsOf the date of the price file
 * @param idle the month with no traffic, line by line
 * @param perMillion what a million requests add, line by line
 * @param at the month at each steady request rate of {@link CostModel#RATES}
 * @param wafBreakEven the rate at which the firewall costs as much as the rest of the bill
 * @param notes what was not read from the templates
 */
public record EnvironmentCost(
    String environment,
    String region,
    LocalDate pricesAsOf,
    List<LineItem> idle,
    List<LineItem> perMillion,
    Map<Integer, CostModel.Month> at,
    Optional<Double> wafBreakEven,
    List<String> notes) {

  public EnvironmentCost {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(pricesAsOf, "pricesAsOf");
    idle = List.copyOf(idle);
    perMillion = List.copyOf(perMillion);
    at = Collections.unmodifiableMap(new TreeMap<>(at));
    Objects.requireNonNull(wafBreakEven, "wafBreakEven");
    notes = List.copyOf(notes);
  }

  public double idleMonthlyUsd() {
    return idle.stream().mapToDouble(LineItem::monthlyUsd).sum();
  }

  public double perMillionRequestsUsd() {
    return perMillion.stream().mapToDouble(LineItem::monthlyUsd).sum();
  }
}
