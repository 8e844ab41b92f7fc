package io.clockmirror.infra.settings;

import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.LogRetention;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything that differs between two deployments of clockmirror, read from the {@code cdk.json}
 * context key {@value #CONTEXT_KEY} under the environment's name.
 *
 * @param name environment name; prefixes every resource name (the original Flask reference's
 *     Terraform {@code -var env=})
 * @param region AWS region the stacks are deployed to
 * @param cpu Fargate task CPU units (256 = 0.25 vCPU)
 * @param memoryMiB Fargate task memory
 * @param cpuArchitecture processor family of the task (and of the image)
 * @param minCapacity fewest running tasks
 * @param maxCapacity most running tasks
 * @param cpuTargetPercent average task CPU that auto scaling keeps the service at
 * @param requestsPerTarget ALB requests per task per minute that auto scaling keeps the service at
 * @param allowedCidrs IPv4 ranges allowed to reach the load balancer
 * @param certificateArn ACM certificate: when present the service is served over HTTPS on 443
 * @param logRetentionDays days the container logs are kept
 * @param keepImages number of images the ECR lifecycle rule keeps
 * @param p99LatencyMillis p99 target response time above which the latency alarm fires
 * @param max5xxPercent share of target responses with status 5xx above which the error alarm fires
 * @param ssmOverrides settings read from SSM Parameter Store at deploy time instead of from here
 * @param deployment how ECS rolls a new revision out ({@code "deployment"})
 * @param cost the network, capacity and hours that decide the idle bill ({@code "cost"})
 * @param operations dashboards, alarm notifications, the web application firewall
 * @param signedImagesOnly whether every deploy path, manual ones included, refuses an image the
 *     pipeline's build did not sign ({@code "signedImagesOnly"}, default true): the signature gate
 *     at ECS's {@code PRE_SCALE_UP} stage for a traffic-shifting strategy, and the check of {@code
 *     buildspec/deploy-app.sh}. The pipeline checks its own image in every environment either way.
 */
public record EnvironmentSettings(
    String name,
    String region,
    int cpu,
    int memoryMiB,
    CpuArchitectureChoice cpuArchitecture,
    int minCapacity,
    int maxCapacity,
    int cpuTargetPercent,
    int requestsPerTarget,
    List<String> allowedCidrs,
    Optional<String> certificateArn,
    int logRetentionDays,
    int keepImages,
    int p99LatencyMillis,
    int max5xxPercent,
    Set<SsmOverridable> ssmOverrides,
    DeploymentSettings deployment,
    CostSettings cost,
    OperationsSettings operations,
    boolean signedImagesOnly) {

  /** The {@code cdk.json} context key that holds one settings object per environment name. */
  public static final String CONTEXT_KEY = "clockmirror:environments";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern CIDR =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/(3[0-2]|[12]?\\d)");
  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+");

  public EnvironmentSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
    Objects.requireNonNull(certificateArn, "certificateArn");
    allowedCidrs = List.copyOf(Objects.requireNonNull(allowedCidrs, "allowedCidrs"));
    ssmOverrides = Set.copyOf(Objects.requireNonNull(ssmOverrides, "ssmOverrides"));
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(operations, "operations");
    Names.checkEnvironment(name);
    require(REGION.matcher(region).matches(), "not an AWS region: " + region);
    require(
        FargateSize.isValid(cpu, memoryMiB),
        "Fargate has no task size of " + cpu + " CPU units with " + memoryMiB + " MiB");
    require(minCapacity >= 1, "minCapacity must be at least 1: " + minCapacity);
    require(
        maxCapacity >= minCapacity,
        "maxCapacity " + maxCapacity + " is below minCapacity " + minCapacity);
    require(
        cpuTargetPercent >= 10 && cpuTargetPercent <= 90,
        "cpuTargetPercent must be 10..90: " + cpuTargetPercent);
    require(requestsPerTarget >= 1, "requestsPerTarget must be positive: " + requestsPerTarget);
    require(!allowedCidrs.isEmpty(), "allowedCidrs must name at least one range");
    for (String cidr : allowedCidrs) {
      require(CIDR.matcher(cidr).matches(), "not an IPv4 CIDR: " + cidr);
    }
    certificateArn.ifPresent(
        arn ->
            require(CERTIFICATE_ARN.matcher(arn).matches(), "not an ACM certificate ARN: " + arn));
    require(
        LogRetention.isOffered(logRetentionDays),
        "CloudWatch Logs does not offer a retention of " + logRetentionDays + " days");
    require(keepImages >= 1, "keepImages must be at least 1: " + keepImages);
    require(p99LatencyMillis >= 1, "p99LatencyMillis must be positive: " + p99LatencyMillis);
    require(
        max5xxPercent >= 1 && max5xxPercent <= 100,
        "max5xxPercent must be 1..100: " + max5xxPercent);
    // The test of a new revision calls the load balancer by its DNS name, which an environment's
    // own certificate does not name.
    require(
        certificateArn.isEmpty() || !deployment.strategy().shiftsTraffic(),
        "deployment strategy "
            + deployment.strategy()
            + " tests the new revision through the load balancer's DNS name, which the"
            + " certificate does not cover: use ROLLING with certificateArn");
    // The hook runs outside the VPC, from an address of AWS's own that no narrower range names.
    require(
        allowedCidrs.contains("0.0.0.0/0") || !deployment.strategy().shiftsTraffic(),
        "deployment strategy "
            + deployment.strategy()
            + " tests the new revision from a Lambda function on AWS's public addresses, which"
            + " allowedCidrs "
            + allowedCidrs
            + " shuts out: allow 0.0.0.0/0 or use ROLLING");
    // "Fargate Spot only supports Linux tasks with the X86_64 architecture" (Amazon ECS developer
    // guide, Fargate capacity providers).
    require(
        cost.capacity() != FargateAppProps.Capacity.FARGATE_SPOT
            || cpuArchitecture == CpuArchitectureChoice.X86_64,
        "cost.capacity FARGATE_SPOT runs X86_64 tasks only: choose cpuArchitecture X86_64, or"
            + " FARGATE for ARM64");
    // A traffic-shifting deploy tests the new revision's tasks before production traffic; at
    // night there are none to test.
    require(
        cost.officeHours().isEmpty() || !deployment.strategy().shiftsTraffic(),
        "cost.officeHours scales the service to zero outside them, where deployment strategy "
            + deployment.strategy()
            + " would find no task to test: use ROLLING, or no officeHours");
    // Scaling on requests behind two target groups divides by Container Insights' running tasks.
    require(
        operations.containerInsights() || !deployment.strategy().shiftsTraffic(),
        "operations.containerInsights false leaves deployment strategy "
            + deployment.strategy()
            + " without the running-task count its request scaling divides by: use ROLLING, or"
            + " turn Container Insights on");
  }

  /** The names of everything this environment's stacks make. */
  public Names names() {
    return new Names(name);
  }

  /**
   * Reads the settings of environment {@code name} from the value of the {@value #CONTEXT_KEY}
   * context key.
   *
   * @throws IllegalArgumentException when the environment is unknown or a setting is missing or
   *     invalid
   */
  public static EnvironmentSettings fromContext(String name, Object environments) {
    if (!(environments instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException(
          "context " + CONTEXT_KEY + " is missing: run from infra/ so that cdk.json is read");
    }
    if (!(all.get(name) instanceof Map<?, ?> values)) {
      throw new IllegalArgumentException(
          "unknown environment '" + name + "'; cdk.json defines " + all.keySet());
    }
    return new EnvironmentSettings(
        name,
        string(values, "region"),
        integer(values, "cpu"),
        integer(values, "memoryMiB"),
        architecture(string(values, "cpuArchitecture")),
        integer(values, "minCapacity"),
        integer(values, "maxCapacity"),
        integer(values, "cpuTargetPercent"),
        integer(values, "requestsPerTarget"),
        strings(values, "allowedCidrs"),
        Optional.ofNullable(values.get("certificateArn"))
            .map(String::valueOf)
            .filter(arn -> !arn.isBlank()),
        integer(values, "logRetentionDays"),
        integer(values, "keepImages"),
        integer(values, "p99LatencyMillis"),
        integer(values, "max5xxPercent"),
        Set.copyOf(strings(values, "ssmOverrides").stream().map(SsmOverridable::ofKey).toList()),
        DeploymentSettings.fromContext(value(values, "deployment")),
        CostSettings.fromContext(values.get(CostSettings.KEY)),
        OperationsSettings.fromContext(value(values, OperationsSettings.KEY)),
        signedImagesOnly(values.get("signedImagesOnly")));
  }

  private static boolean signedImagesOnly(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("setting 'signedImagesOnly' must be true/false: " + value);
  }

  private static CpuArchitectureChoice architecture(String value) {
    try {
      return CpuArchitectureChoice.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cpuArchitecture must be one of "
              + Arrays.toString(CpuArchitectureChoice.values())
              + ": "
              + value,
          e);
    }
  }

  private static Object value(Map<?, ?> values, String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("setting '" + key + "' is missing");
    }
    return value;
  }

  private static String string(Map<?, ?> values, String key) {
    return String.valueOf(value(values, key));
  }

  private static int integer(Map<?, ?> values, String key) {
    Object value = value(values, key);
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    throw new IllegalArgumentException("setting '" + key + "' must be a whole number: " + value);
  }

  private static List<String> strings(Map<?, ?> values, String key) {
    if (value(values, key) instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException("setting '" + key + "' must be a list");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
