package io.clockmirror.infra.settings;

import io.clockmirror.infra.constructs.DeployHook;
import java.util.Objects;
import java.util.Optional;

/**
 * How long an environment's DeployApp build may run, from its deployment strategy. A build that
 * times out leaves the stack updating or rolling back, and the next run then meets a busy stack; so
 * the timeout covers the worst case: the deploy first waits out a busy stack left by an earlier run
 * ({@link #stackWaitMinutes()}, which is that earlier run's own worst case), then its own
 * deployment fails at its last moment, ECS rolls it back, and CloudFormation's rollback deploys the
 * previous revision, which runs the whole strategy again; all of it with a quarter more as margin.
 *
 * @param strategy the environment's deployment strategy
 * @param stepPercent its step, for CANARY and LINEAR
 * @param bakeMinutes its bake, for every strategy but ROLLING
 */
public record DeployTimeout(
    DeploymentSettings.Strategy strategy,
    Optional<Integer> stepPercent,
    Optional<Integer> bakeMinutes) {

  /** CodeBuild's longest build timeout: 36 hours. */
  static final int MAX_BUILD_MINUTES = 36 * 60;

  /**
   * CloudFormation's changes before the service: rules, task definition, and on creation the VPC
   * and load balancer.
   */
  static final int BEFORE_SERVICE_MINUTES = 10;

  /**
   * New tasks started and healthy behind the load balancer: a 0.25 vCPU task answers within
   * seconds, the readiness check needs two passes 10 s apart, and the circuit breaker gives up on a
   * revision whose tasks keep failing within this.
   */
  static final int TASKS_HEALTHY_MINUTES = 15;

  /** ECS moving traffic back and stopping the failed revision's tasks. */
  static final int ECS_ROLLBACK_MINUTES = 10;

  /** CloudFormation's clean-up after an update or its rollback. */
  static final int CLEANUP_MINUTES = 5;

  public DeployTimeout {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(stepPercent, "stepPercent");
    Objects.requireNonNull(bakeMinutes, "bakeMinutes");
    int buildMinutes = buildMinutes(deploymentMinutes(strategy, stepPercent, bakeMinutes));
    if (buildMinutes > MAX_BUILD_MINUTES) {
      throw new IllegalArgumentException(
          "a failed "
              + strategy
              + " deployment with these steps and bakes could run "
              + buildMinutes
              + " minutes, longer than CodeBuild's "
              + MAX_BUILD_MINUTES
              + ": lower deployment.bakeMinutes or raise deployment.stepPercent");
    }
  }

  /** One deployment from start to its last bake: tasks, the test hook, every traffic step. */
  public int deploymentMinutes() {
    return deploymentMinutes(strategy, stepPercent, bakeMinutes);
  }

  private static int deploymentMinutes(
      DeploymentSettings.Strategy strategy,
      Optional<Integer> stepPercent,
      Optional<Integer> bakeMinutes) {
    int bake = bakeMinutes.orElse(0);
    int hook = strategy.shiftsTraffic() ? (int) DeployHook.TIMEOUT.toMinutes() : 0;
    int traffic =
        switch (strategy) {
          case ROLLING -> 0;
          case BLUE_GREEN -> bake;
          // The canary's bake, then the bake after all traffic has moved.
          case CANARY -> 2 * bake;
          // A bake after each step, then the bake after all traffic has moved.
          case LINEAR -> (ceilDiv(100, stepPercent.orElseThrow()) + 1) * bake;
        };
    return TASKS_HEALTHY_MINUTES + hook + traffic;
  }

  /**
   * The longest one deploy can keep the stack busy: CloudFormation's changes, a deployment failing
   * at its end, ECS's rollback, CloudFormation's rollback deploying the previous revision.
   */
  public int stackWaitMinutes() {
    return stackWaitMinutes(deploymentMinutes());
  }

  private static int stackWaitMinutes(int deploymentMinutes) {
    return BEFORE_SERVICE_MINUTES
        + deploymentMinutes
        + ECS_ROLLBACK_MINUTES
        + deploymentMinutes
        + CLEANUP_MINUTES;
  }

  /** The build's timeout: an earlier run's worst case waited out, then this run's, plus 25 %. */
  public int buildMinutes() {
    return buildMinutes(deploymentMinutes());
  }

  private static int buildMinutes(int deploymentMinutes) {
    int worst = 2 * stackWaitMinutes(deploymentMinutes);
    return roundUpTo5(ceilDiv(worst * 5, 4));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static int roundUpTo5(int minutes) {
    return ceilDiv(minutes, 5) * 5;
  }
}
