package io.clockmirror.infra.constructs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.IAlternateTarget;
import software.amazon.awscdk.services.ecs.IDeploymentLifecycleHookTarget;

/**
 * What a {@link FargateApp} needs to know.
 *
 * @param name name of the cluster, the service and the task family
 * @param size CPU, memory and processor family of one task
 * @param container the one container of the task
 * @param vpc the VPC the tasks run in
 * @param subnets where the tasks run
 * @param publicAddress whether each task gets a public address: needed in public subnets, where the
 *     tasks reach ECR and CloudWatch Logs over the internet; their security group still admits only
 *     the load balancer
 * @param capacity on-demand Fargate or Fargate Spot
 * @param schedule when the service runs; empty: always
 * @param containerInsights whether the cluster publishes Container Insights' metrics
 * @param loadBalancer the load balancer the service registers with; it alone may reach the tasks
 * @param targetGroups the load balancer's groups that serve production traffic: scaling on requests
 *     reads every one of them
 * @param healthCheckGrace how long after a task starts the load balancer's verdict is ignored
 * @param rollbackAlarms alarms that roll a deployment back; the service depends on them
 * @param scaling auto scaling bounds and targets; tokens resolved at deploy time are allowed
 * @param rollout how ECS moves traffic to a new revision
 */
public record FargateAppProps(
    String name,
    TaskSize size,
    Container container,
    IVpc vpc,
    SubnetSelection subnets,
    boolean publicAddress,
    Capacity capacity,
    Optional<Schedule> schedule,
    boolean containerInsights,
    PublicLoadBalancer loadBalancer,
    ServingTargetGroups targetGroups,
    Duration healthCheckGrace,
    List<Alarm> rollbackAlarms,
    Scaling scaling,
    Rollout rollout) {

  public FargateAppProps {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(vpc, "vpc");
    Objects.requireNonNull(subnets, "subnets");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(targetGroups, "targetGroups");
    Objects.requireNonNull(healthCheckGrace, "healthCheckGrace");
    rollbackAlarms = List.copyOf(Objects.requireNonNull(rollbackAlarms, "rollbackAlarms"));
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(rollout, "rollout");
    if (!targetGroups.primary().equals(loadBalancer.targetGroup())) {
      throw new IllegalArgumentException("the serving target groups are not the load balancer's");
    }
    if (targetGroups.alternate().isPresent() != rollout.alternateTarget().isPresent()) {
      throw new IllegalArgumentException(
          "a second serving target group goes with a rollout that shifts traffic, and only then");
    }
  }

  /** Which Fargate capacity the tasks run on. */
  public enum Capacity {
    /** On-demand Fargate. */
    FARGATE,
    /**
     * Fargate Spot: spare capacity at about 70 % less, which AWS may take back with two minutes'
     * notice (SIGTERM, then SIGKILL after the container's stop timeout); X86_64 only.
     */
    FARGATE_SPOT
  }

  /**
   * When the service runs: Application Auto Scaling scales it to zero tasks at {@code stop} and
   * back to the scaling bounds at {@code start}, in {@code timeZone}.
   *
   * @param timeZone IANA time zone of both schedules
   * @param start cron expression that brings the service back, e.g. {@code cron(0 8 ? * MON-FRI *)}
   * @param stop cron expression that scales it to zero
   * @param awakeUntil a token that, when not empty, keeps the service at its scaling bounds every
   *     minute until that UTC time ({@code yyyy-MM-ddTHH:mm:ssZ}): a deploy outside office hours
   *     sets it so that the new revision has tasks to be tested on
   */
  public record Schedule(String timeZone, String start, String stop, String awakeUntil) {

    public Schedule {
      Objects.requireNonNull(timeZone, "timeZone");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(stop, "stop");
      Objects.requireNonNull(awakeUntil, "awakeUntil");
    }
  }

  /**
   * @param cpu CPU units (256 = 0.25 vCPU); with {@code memoryMiB} one of Fargate's task sizes
   * @param memoryMiB task memory
   * @param architecture processor family; the image must be built for it
   */
  public record TaskSize(int cpu, int memoryMiB, CpuArchitecture architecture) {

    public TaskSize {
      Objects.requireNonNull(architecture, "architecture");
    }
  }

  /**
   * @param name the container's name in the task definition
   * @param image the image to run
   * @param port the port it serves HTTP on, the load balancer's target port
   * @param stopTimeout how long ECS waits after SIGTERM before SIGKILL; at most 120 s on Fargate
   * @param logGroupName log group of the container's stdout and stderr
   * @param logRetentionDays days those logs are kept; a period CloudWatch Logs offers
   */
  public record Container(
      String name,
      ContainerImage image,
      int port,
      Duration stopTimeout,
      String logGroupName,
      int logRetentionDays) {

    public Container {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      Objects.requireNonNull(logGroupName, "logGroupName");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      if (!LogRetention.isOffered(logRetentionDays)) {
        throw new IllegalArgumentException("no log retention of " + logRetentionDays + " days");
      }
    }
  }

  /**
   * Numbers may be tokens that CloudFormation resolves while deploying.
   *
   * @param minCapacity fewest running tasks
   * @param maxCapacity most running tasks
   * @param cpuTargetPercent average task CPU that scaling keeps the service at
   * @param requestsPerTarget load balancer requests per task per minute that scaling keeps
   */
  public record Scaling(
      Number minCapacity, Number maxCapacity, Number cpuTargetPercent, Number requestsPerTarget) {

    public Scaling {
      Objects.requireNonNull(minCapacity, "minCapacity");
      Objects.requireNonNull(maxCapacity, "maxCapacity");
      Objects.requireNonNull(cpuTargetPercent, "cpuTargetPercent");
      Objects.requireNonNull(requestsPerTarget, "requestsPerTarget");
    }
  }

  /**
   * How ECS moves traffic to a new revision. A rolling update needs nothing else; every other
   * strategy runs the new revision behind a second target group and is tested before production
   * traffic reaches it.
   *
   * @param strategy ECS's deployment strategy
   * @param stepPercent share of production traffic per step: {@code CANARY} and {@code LINEAR} only
   * @param bake how long each step is watched, and how long the old revision is kept after all
   *     traffic has moved; not for {@code ROLLING}
   * @param alternateTarget the second target group and the listener rules ECS moves traffic with
   * @param hook the test that runs after test traffic reaches the new revision
   * @param gates hooks that run before the new revision starts a task (the signature gate); ECS
   *     runs lifecycle hooks for the traffic-shifting strategies only
   */
  public record Rollout(
      DeploymentStrategy strategy,
      Optional<Integer> stepPercent,
      Optional<Duration> bake,
      Optional<IAlternateTarget> alternateTarget,
      Optional<IDeploymentLifecycleHookTarget> hook,
      List<IDeploymentLifecycleHookTarget> gates) {

    /** A rollout without gates. */
    public Rollout(
        DeploymentStrategy strategy,
        Optional<Integer> stepPercent,
        Optional<Duration> bake,
        Optional<IAlternateTarget> alternateTarget,
        Optional<IDeploymentLifecycleHookTarget> hook) {
      this(strategy, stepPercent, bake, alternateTarget, hook, List.of());
    }

    public Rollout {
      gates = List.copyOf(Objects.requireNonNull(gates, "gates"));
      Objects.requireNonNull(strategy, "strategy");
      Objects.requireNonNull(stepPercent, "stepPercent");
      Objects.requireNonNull(bake, "bake");
      Objects.requireNonNull(alternateTarget, "alternateTarget");
      Objects.requireNonNull(hook, "hook");
      boolean rolling = strategy == DeploymentStrategy.ROLLING;
      if (rolling
          && (stepPercent.isPresent()
              || bake.isPresent()
              || alternateTarget.isPresent()
              || hook.isPresent()
              || !gates.isEmpty())) {
        throw new IllegalArgumentException(
            "a rolling update takes no step, bake, target, hook or gate");
      }
      if (!rolling && (bake.isEmpty() || alternateTarget.isEmpty() || hook.isEmpty())) {
        throw new IllegalArgumentException(
            strategy + " needs a bake, an alternate target and a test hook");
      }
      boolean stepped =
          strategy == DeploymentStrategy.CANARY || strategy == DeploymentStrategy.LINEAR;
      if (stepped != stepPercent.isPresent()) {
        throw new IllegalArgumentException(
            "stepPercent is for CANARY and LINEAR only, and needed there: " + strategy);
      }
    }

    /** Tasks replaced in place behind the one target group. */
    public static Rollout rolling() {
      return new Rollout(
          DeploymentStrategy.ROLLING,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }
}
