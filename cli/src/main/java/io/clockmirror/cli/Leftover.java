package io.clockmirror.cli;

import java.util.List;
import java.util.Objects;

/**
 * Something that outlives the stacks: kept by a {@code DeletionPolicy: Retain}, or made by AWS
 * beside them. {@code data} ones (images, logs) go only with {@code --delete-data}; the others hold
 * nothing and cost money, so destroy always removes them.
 *
 * @param type the CloudFormation resource type, e.g. {@code AWS::ECR::Repository}
 * @param id its physical ID: repository or bucket name, key ID, log group name
 * @param what what it holds, for the list shown before asking
 * @param data whether deleting it loses something a person may want
 */
public record Leftover(String type, String id, String what, boolean data) {

  /** The resource types destroy knows how to delete, with what each holds. */
  public static final List<String> KNOWN_TYPES =
      List.of("AWS::ECR::Repository", "AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::KMS::Key");

  /**
   * Resource types a stack keeps that belong to the account and region rather than to one
   * environment: destroy leaves them and says so.
   */
  public static final List<String> SHARED_TYPES =
      List.of("AWS::ECR::RegistryScanningConfiguration");

  public Leftover {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(what, "what");
  }

  /** A resource a stack kept on deletion. */
  static Leftover retained(String type, String id) {
    return switch (type) {
      case "AWS::ECR::Repository" -> new Leftover(type, id, "ECR repository (images)", true);
      case "AWS::S3::Bucket" ->
          new Leftover(type, id, "S3 bucket (load balancer access logs, VPC flow logs)", true);
      case "AWS::Logs::LogGroup" -> new Leftover(type, id, "log group", true);
      case "AWS::KMS::Key" ->
          new Leftover(
              type,
              id,
              "KMS key of the alarm topic: encrypts nothing once the topic is gone, $1 a month"
                  + " until deleted",
              false);
      default -> new Leftover(type, id, type + ": delete it by hand", true);
    };
  }

  boolean known() {
    return KNOWN_TYPES.contains(type);
  }

  /** The aws CLI arguments that delete it. */
  List<String> deleteCommand() {
    return switch (type) {
      case "AWS::ECR::Repository" ->
          List.of("ecr", "delete-repository", "--repository-name", id, "--force");
      case "AWS::S3::Bucket" -> List.of("s3", "rb", "s3://" + id, "--force");
      case "AWS::Logs::LogGroup" -> List.of("logs", "delete-log-group", "--log-group-name", id);
      // The shortest waiting period KMS allows; a key pending deletion is not charged.
      case "AWS::KMS::Key" ->
          List.of("kms", "schedule-key-deletion", "--key-id", id, "--pending-window-in-days", "7");
      default -> throw new IllegalStateException("no delete command for " + type);
    };
  }

  String describe() {
    return what + ": " + id;
  }
}
