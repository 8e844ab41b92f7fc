package io.clockmirror.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code destroy <env>}: the app stack, then the repository stack, then what they leave behind that
 * costs money; data (images, logs) only with {@code --delete-data}. Everything is listed before it
 * asks. Each part is looked up first, so a run after an interruption finishes the job.
 */
final class Destroy {

  private static final Set<String> RETAINING = Set.of("Retain", "RetainExceptOnCreate", "Snapshot");

  private final Session session;
  private boolean sharedScanningKept;

  Destroy(Session session) {
    this.session = session;
  }

  ExitCode run(boolean deleteData, boolean yes) {
    Identity identity = Identity.check(session);
    Names names = session.names();
    var out = session.context().out();
    List<Stack> stacks = new ArrayList<>();
    List<Leftover> leftovers = new ArrayList<>();
    for (String name : List.of(names.appStack(), names.ecrStack())) {
      Optional<Stack> current =
          session.stacks().settled(name, text -> out.println("      " + text));
      current.ifPresent(
          stack -> {
            if (stack.condition() == Stack.Condition.IN_PROGRESS) {
              throw stack.problem(session.again()).orElseThrow();
            }
            stacks.add(stack);
          });
      Optional<String> id = current.map(Stack::id).or(() -> deletedStackId(name));
      id.ifPresent(stackId -> leftovers.addAll(retained(stackId)));
    }
    leftovers.addAll(containerInsightsLogs());
    List<Leftover> remove =
        leftovers.stream()
            .filter(leftover -> leftover.known() && (deleteData || !leftover.data()))
            .toList();
    List<Leftover> keep =
        leftovers.stream().filter(leftover -> !remove.contains(leftover)).toList();

    out.println(
        "destroy "
            + session.target().name()
            + " ("
            + session.target().region()
            + ", account "
            + identity.account()
            + "):");
    if (stacks.isEmpty() && remove.isEmpty()) {
      keep.forEach(leftover -> out.println("  keep     " + leftover.describe()));
      out.println(
          "nothing to destroy"
              + (keep.isEmpty() ? "" : "; kept: data, which --delete-data removes"));
      return ExitCode.OK;
    }
    stacks.forEach(
        stack -> out.println("  delete   stack " + stack.name() + " (" + stack.status() + ")"));
    remove.forEach(leftover -> out.println("  delete   " + leftover.describe()));
    keep.forEach(leftover -> out.println("  keep     " + leftover.describe()));
    out.println(
        "  stays    "
            + Names.BOOTSTRAP_STACK
            + " (shared by every CDK app of the account and region) and the service-linked roles"
            + " (free)");
    if (sharedScanningKept) {
      out.println(
          "  stays    the registry's enhanced scanning configuration (every environment's"
              + " repositories in this account and region; aws ecr"
              + " put-registry-scanning-configuration --scan-type BASIC turns it off)");
    }
    confirm(yes);

    Progress progress = new Progress(out, stacks.size() + remove.size());
    for (Stack stack : stacks) {
      progress.step("delete " + stack.name(), () -> deleteStack(stack, progress));
    }
    for (Leftover leftover : remove) {
      progress.step("delete " + leftover.type().substring(5), () -> delete(leftover));
    }
    out.println(
        keep.isEmpty()
            ? session.target().name() + " destroyed: nothing billable left"
            : session.target().name()
                + " destroyed; kept on purpose (storage is billed while they hold data): "
                + String.join(", ", keep.stream().map(Leftover::id).toList())
                + "; ./clockmirror destroy "
                + session.target().name()
                + " --delete-data removes them");
    return ExitCode.OK;
  }

  private void confirm(boolean yes) {
    if (yes) {
      return;
    }
    if (!session.context().interactive()) {
      throw new Failure(
          ExitCode.NOT_CONFIRMED,
          "destroy asks before it deletes, and there is no terminal to ask on",
          "read the list above, then add --yes");
    }
    var out = session.context().out();
    out.print("Type the environment's name (" + session.target().name() + ") to go on: ");
    out.flush();
    String answer;
    try {
      answer = session.context().in().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.strip().equals(session.target().name())) {
      throw new Failure(
          ExitCode.NOT_CONFIRMED,
          "not confirmed: nothing was deleted",
          "run it again and type the name");
    }
  }

  private Progress.Outcome deleteStack(Stack stack, Progress progress) {
    session.aws().text("cloudformation", "delete-stack", "--stack-name", stack.name());
    Optional<Stack> after = session.stacks().settled(stack.name(), progress::note);
    if (after.isPresent()) {
      Stack left = after.get();
      throw left.problem(session.again())
          .orElseGet(
              () ->
                  Failure.stepFailed(
                      stack.name() + " is still " + left.status() + " after delete-stack",
                      session.again()));
    }
    return Progress.Outcome.changed("deleted (was " + stack.status() + ")");
  }

  private Progress.Outcome delete(Leftover leftover) {
    session.aws().text(leftover.deleteCommand().toArray(String[]::new));
    return Progress.Outcome.changed(
        leftover.type().equals("AWS::KMS::Key")
            ? "key " + leftover.id() + " scheduled for deletion in 7 days (not billed meanwhile)"
            : "deleted " + leftover.id());
  }

  /** The ID of the newest deleted stack of that name: its retained resources are still listed. */
  private Optional<String> deletedStackId(String name) {
    Map<String, Object> listed =
        session
            .aws()
            .json("cloudformation", "list-stacks", "--stack-status-filter", "DELETE_COMPLETE");
    return Json.objects(listed, "StackSummaries").stream()
        .filter(summary -> name.equals(summary.get("StackName")))
        .max(java.util.Comparator.comparing(summary -> String.valueOf(summary.get("DeletionTime"))))
        .map(summary -> String.valueOf(summary.get("StackId")));
  }

  /** What the stack's template keeps on deletion, and still exists. */
  private List<Leftover> retained(String stackId) {
    Map<String, Object> template =
        session.aws().json("cloudformation", "get-template", "--stack-name", stackId);
    Object body = template.get("TemplateBody");
    Map<String, Object> parsed =
        body instanceof String text
            ? Json.object(text, "the template of " + stackId)
            : Json.cast(body);
    Map<String, Object> resources = Json.at(parsed, "Resources").map(Json::cast).orElse(Map.of());
    List<String> kept = new ArrayList<>();
    resources.forEach(
        (logicalId, resource) -> {
          if (RETAINING.contains(Json.string(resource, "DeletionPolicy").orElse("Delete"))) {
            kept.add(logicalId);
          }
        });
    if (kept.isEmpty()) {
      return List.of();
    }
    Map<String, Object> listed =
        session.aws().json("cloudformation", "list-stack-resources", "--stack-name", stackId);
    List<Leftover> leftovers = new ArrayList<>();
    for (Map<String, Object> summary : Json.objects(listed, "StackResourceSummaries")) {
      String logicalId = String.valueOf(summary.get("LogicalResourceId"));
      String physicalId = String.valueOf(summary.getOrDefault("PhysicalResourceId", ""));
      String type = String.valueOf(summary.get("ResourceType"));
      if (kept.contains(logicalId) && Leftover.SHARED_TYPES.contains(type)) {
        sharedScanningKept = true;
      } else if (kept.contains(logicalId) && !physicalId.isEmpty()) {
        Leftover leftover =
            Leftover.retained(String.valueOf(summary.get("ResourceType")), physicalId);
        if (exists(leftover)) {
          leftovers.add(leftover);
        }
      }
    }
    return leftovers;
  }

  /** ECS makes the cluster's Container Insights log group itself; it outlives the stack. */
  private List<Leftover> containerInsightsLogs() {
    String group = session.names().containerInsightsLogGroup();
    Map<String, Object> answer =
        session.aws().json("logs", "describe-log-groups", "--log-group-name-prefix", group);
    return Json.objects(answer, "logGroups").stream()
        .map(found -> String.valueOf(found.get("logGroupName")))
        .filter(group::equals)
        .map(
            name -> new Leftover("AWS::Logs::LogGroup", name, "Container Insights log group", true))
        .toList();
  }

  private boolean exists(Leftover leftover) {
    Aws aws = session.aws();
    return switch (leftover.type()) {
      case "AWS::ECR::Repository" ->
          aws.jsonIfExists(
                  List.of("RepositoryNotFoundException"),
                  "ecr",
                  "describe-repositories",
                  "--repository-names",
                  leftover.id())
              .isPresent();
      case "AWS::S3::Bucket" ->
          aws.jsonIfExists(
                  List.of("404", "NoSuchBucket", "NotFound"),
                  "s3api",
                  "head-bucket",
                  "--bucket",
                  leftover.id())
              .isPresent();
      case "AWS::Logs::LogGroup" ->
          Json.objects(
                  aws.json("logs", "describe-log-groups", "--log-group-name-prefix", leftover.id()),
                  "logGroups")
              .stream()
              .anyMatch(group -> leftover.id().equals(group.get("logGroupName")));
      case "AWS::KMS::Key" ->
          aws.jsonIfExists(
                  List.of("NotFoundException"), "kms", "describe-key", "--key-id", leftover.id())
              .flatMap(key -> Json.string(key, "KeyMetadata", "KeyState"))
              .filter(state -> !state.toUpperCase(Locale.ROOT).startsWith("PENDING"))
              .isPresent();
      default -> true;
    };
  }
}
