package io.clockmirror.infra.settings;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the one delivery pipeline promotes an image, read from the {@code cdk.json} context key
 * {@value #CONTEXT_KEY}.
 *
 * @param environments the environments the pipeline deploys, in promotion order; the first one's
 *     region (and account) also holds the pipeline
 * @param approvalBefore environments whose deploy waits for a manual approval (default none)
 * @param accounts the AWS account of an environment that lives in another account than the
 *     pipeline's; an environment without an entry is deployed into the pipeline's own account
 */
public record PipelineSettings(
    List<String> environments, Set<String> approvalBefore, Map<String, String> accounts) {

  /** The top-level {@code cdk.json} context key of these settings. */
  public static final String CONTEXT_KEY = "clockmirror:pipeline";

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  public PipelineSettings {
    environments = List.copyOf(Objects.requireNonNull(environments, "environments"));
    approvalBefore = Set.copyOf(Objects.requireNonNull(approvalBefore, "approvalBefore"));
    accounts = Map.copyOf(Objects.requireNonNull(accounts, "accounts"));
    require(!environments.isEmpty(), "the pipeline must deploy at least one environment");
    Set<String> seen = new HashSet<>();
    for (String environment : environments) {
      Names.checkEnvironment(environment);
      require(
          seen.add(environment),
          "the pipeline lists an environment more than once: " + environment);
    }
    for (String environment : approvalBefore) {
      require(
          seen.contains(environment),
          "approval before '" + environment + "', which the pipeline does not deploy");
    }
    accounts.forEach(
        (environment, account) -> {
          require(
              seen.contains(environment),
              "account for '" + environment + "', which the pipeline does not deploy");
          require(ACCOUNT.matcher(account).matches(), "not an AWS account id: " + account);
        });
    // Another account's repository must name the account the pipeline pushes from.
    require(
        accounts.isEmpty() || accounts.containsKey(environments.getFirst()),
        "accounts: give the first environment's account ("
            + environments.getFirst()
            + "), which holds the pipeline, when any environment has one");
  }

  /** The environment deployed first; the pipeline lives in its region and account. */
  public String first() {
    return environments.getFirst();
  }

  /** Whether the deploy of {@code environment} waits for a manual approval. */
  public boolean approvalBefore(String environment) {
    return approvalBefore.contains(environment);
  }

  /** The environment whose smoke test an image must have passed before it reaches this one. */
  public Optional<String> previous(String environment) {
    int index = environments.indexOf(environment);
    require(index >= 0, "the pipeline does not deploy '" + environment + "'");
    return index == 0 ? Optional.empty() : Optional.of(environments.get(index - 1));
  }

  /** The pipeline's account, when the settings name accounts. */
  public Optional<String> pipelineAccount() {
    return account(first());
  }

  /** The account of {@code environment}, when the settings name one. */
  public Optional<String> account(String environment) {
    return Optional.ofNullable(accounts.get(environment));
  }

  /**
   * Reads the settings from the value of {@value #CONTEXT_KEY}, checking every environment against
   * {@code environments}, the value of {@value EnvironmentSettings#CONTEXT_KEY}.
   */
  public static PipelineSettings fromContext(Object value, Object environments) {
    if (!(value instanceof Map<?, ?> values)) {
      throw new IllegalArgumentException(
          "context " + CONTEXT_KEY + " is missing: run from infra/ so that cdk.json is read");
    }
    if (!(environments instanceof Map<?, ?> defined)) {
      throw new IllegalArgumentException(
          "context " + EnvironmentSettings.CONTEXT_KEY + " is missing");
    }
    List<String> order = strings(values.get("environments"), "environments");
    for (String environment : order) {
      require(
          defined.containsKey(environment),
          "'"
              + environment
              + "' is not in "
              + EnvironmentSettings.CONTEXT_KEY
              + ", which defines "
              + defined.keySet());
    }
    Object accounts = values.get("accounts");
    Map<String, String> byEnvironment = new LinkedHashMap<>();
    if (accounts instanceof Map<?, ?> map) {
      map.forEach(
          (key, account) -> byEnvironment.put(String.valueOf(key), String.valueOf(account)));
    } else if (accounts != null) {
      throw new IllegalArgumentException("'accounts' must map environment names to account ids");
    }
    Object approvals = values.get("approvalBefore");
    return new PipelineSettings(
        order,
        Set.copyOf(approvals == null ? List.of() : strings(approvals, "approvalBefore")),
        byEnvironment);
  }

  private static List<String> strings(Object value, String key) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException("'" + key + "' must be a list: " + value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
