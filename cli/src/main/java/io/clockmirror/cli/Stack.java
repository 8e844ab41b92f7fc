package io.clockmirror.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudFormation stack as {@code aws cloudformation describe-stacks} reports it.
 *
 * @param name stack name
 * @param id stack ID (an ARN; deleted stacks are found only by it)
 * @param status e.g. {@code UPDATE_COMPLETE}
 * @param reason why it is in that status, when CloudFormation says
 * @param outputs output key to value
 * @param parameters parameter key to value
 */
public record Stack(
    String name,
    String id,
    String status,
    Optional<String> reason,
    Map<String, String> outputs,
    Map<String, String> parameters) {

  /** What a status means for the verbs. */
  public enum Condition {
    /** Usable: created or updated, or an update that rolled back to the previous template. */
    STABLE,
    /** CloudFormation is working on it; it will settle by itself. */
    IN_PROGRESS,
    /** The first creation failed: CloudFormation can only delete it. */
    FAILED_CREATE,
    /** Stuck until a person acts (a rollback or deletion that failed). */
    STUCK,
    /** Made by a change set that was never run: CDK deploys over it. */
    REVIEW
  }

  public Stack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    outputs = Map.copyOf(outputs);
    parameters = Map.copyOf(parameters);
  }

  static Stack from(Map<String, Object> described) {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Map<String, Object> output : Json.objects(described, "Outputs")) {
      outputs.put(
          String.valueOf(output.get("OutputKey")), String.valueOf(output.get("OutputValue")));
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Map<String, Object> parameter : Json.objects(described, "Parameters")) {
      parameters.put(
          String.valueOf(parameter.get("ParameterKey")),
          String.valueOf(parameter.getOrDefault("ParameterValue", "")));
    }
    return new Stack(
        Json.string(described, "StackName").orElse(""),
        Json.string(described, "StackId").orElse(""),
        Json.string(described, "StackStatus").orElse(""),
        Json.string(described, "StackStatusReason"),
        outputs,
        parameters);
  }

  public Condition condition() {
    return switch (status) {
      case "CREATE_COMPLETE",
          "UPDATE_COMPLETE",
          "UPDATE_ROLLBACK_COMPLETE",
          "IMPORT_COMPLETE",
          "IMPORT_ROLLBACK_COMPLETE" ->
          Condition.STABLE;
      case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED" -> Condition.FAILED_CREATE;
      case "REVIEW_IN_PROGRESS" -> Condition.REVIEW;
      default -> status.endsWith("_IN_PROGRESS") ? Condition.IN_PROGRESS : Condition.STUCK;
    };
  }

  public String output(String key) {
    String value = outputs.get(key);
    if (value == null) {
      throw Failure.stepFailed(
          name + " has no output " + key + " (outputs: " + outputs.keySet() + ")",
          "deploy it again with this checkout: ./clockmirror deploy <env>");
    }
    return value;
  }

  /** Why the stack cannot be used now, and what to do; empty when it can. */
  public Optional<Failure> problem(String verbAgain) {
    String why = reason.map(text -> " (" + text + ")").orElse("");
    return switch (condition()) {
      case STABLE, REVIEW -> Optional.empty();
      case IN_PROGRESS ->
          Optional.of(
              new Failure(
                  ExitCode.STACK_STATE,
                  name + " is " + status + ": CloudFormation is still working on it",
                  "wait until it settles (aws cloudformation describe-stacks --stack-name "
                      + name
                      + "), then "
                      + verbAgain));
      case FAILED_CREATE ->
          Optional.of(
              new Failure(
                  ExitCode.STACK_STATE,
                  name + " is " + status + ": its first creation failed" + why,
                  "CloudFormation can only delete such a stack: ./clockmirror destroy <env>"
                      + " (or aws cloudformation delete-stack --stack-name "
                      + name
                      + "), then "
                      + verbAgain));
      case STUCK ->
          Optional.of(
              new Failure(ExitCode.STACK_STATE, name + " is " + status + why, stuckFix(verbAgain)));
    };
  }

  private String stuckFix(String verbAgain) {
    return switch (status) {
      case "UPDATE_ROLLBACK_FAILED" ->
          "see which resource failed (aws cloudformation describe-stack-events --stack-name "
              + name
              + "), fix it, then aws cloudformation continue-update-rollback --stack-name "
              + name
              + "; then "
              + verbAgain;
      case "UPDATE_FAILED" ->
          "roll it back: aws cloudformation rollback-stack --stack-name "
              + name
              + "; then "
              + verbAgain;
      case "DELETE_FAILED" ->
          "see which resource could not be deleted (aws cloudformation describe-stack-events"
              + " --stack-name "
              + name
              + "), remove what holds it, then ./clockmirror destroy <env> again";
      default ->
          "see aws cloudformation describe-stack-events --stack-name "
              + name
              + "; then "
              + verbAgain;
    };
  }
}
