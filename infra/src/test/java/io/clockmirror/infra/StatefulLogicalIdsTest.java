package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;

/**
 * A stateful resource whose logical ID changes is replaced by CloudFormation: a new, empty bucket,
 * key or log group, while the old one is kept or deleted. Each stack's stateful resources are
 * listed in {@code src/test/resources/stateful-logical-ids/<stack>.txt}; a rename, a new stateful
 * resource and a removed one all fail here until that list is changed on purpose. What only one
 * environment has (the deploy hook's log group where the strategy shifts traffic) is listed in
 * {@code <stack>.<environment>.txt}, as is an environment's WAF log group where its firewall is on.
 */
class StatefulLogicalIdsTest {

  /** Types that hold data or identity even without a retention policy. */
  private static final Set<String> STATEFUL_TYPES =
      Set.of("AWS::S3::Bucket", "AWS::ECR::Repository", "AWS::Logs::LogGroup", "AWS::KMS::Key");

  private static final Set<String> KEEPING_POLICIES =
      Set.of("Retain", "RetainExceptOnCreate", "Snapshot");

  private static final Path LISTS = Repo.CDK_JSON.getParent().resolve("src/test/resources");

  static Stream<Arguments> stacks() {
    return Stream.concat(
        Stream.of(Synth.environment("dev"), Synth.environment("prod"), Synth.variant())
            .flatMap(
                stacks ->
                    Stream.of(
                        Arguments.of("ecr", stacks.settings().name(), stacks.ecr()),
                        Arguments.of("app", stacks.settings().name(), stacks.app()))),
        Stream.of(Arguments.of("pipeline", "all", Synth.pipeline())));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("stacks")
  void statefulResourcesKeepTheirLogicalIds(String kind, String environment, Stack stack)
      throws IOException {
    Path list = LISTS.resolve("stateful-logical-ids/" + kind + ".txt");
    Set<String> expected = expected(list);
    Path own = LISTS.resolve("stateful-logical-ids/" + kind + "." + environment + ".txt");
    if (Files.exists(own)) {
      expected.addAll(expected(own));
    }

    assertThat(stateful(Synth.template(stack)))
        .as(
            "stateful resources of %s; a changed logical ID replaces the resource. Change %s (and"
                + " %s) only on purpose",
            stack.getStackName(), list, own)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void anyResourceThatIsKeptCountsAsStatefulAndOthersDoNot() {
    Stack stack = new Stack(new App(), "Probe");
    CfnResource queue = CfnResource.Builder.create(stack, "Queue").type("AWS::SQS::Queue").build();
    queue.applyRemovalPolicy(RemovalPolicy.RETAIN);
    CfnResource volume =
        CfnResource.Builder.create(stack, "Volume").type("AWS::EC2::Volume").build();
    volume.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    LogGroup.Builder.create(stack, "Logs").removalPolicy(RemovalPolicy.DESTROY).build();
    Topic.Builder.create(stack, "Topic").build();

    Set<String> found = stateful(Template.fromStack(stack));

    assertThat(found)
        .hasSize(3)
        .contains("Queue AWS::SQS::Queue", "Volume AWS::EC2::Volume")
        .anyMatch(entry -> entry.startsWith("Logs") && entry.endsWith(" AWS::Logs::LogGroup"))
        .noneMatch(entry -> entry.contains("SNS"));
  }

  /** {@code <logical ID> <type>} of every stateful resource of a template. */
  static Set<String> stateful(Template template) {
    Set<String> found = new TreeSet<>();
    for (Map.Entry<String, Object> resource :
        Json.map(template.toJSON().get("Resources")).entrySet()) {
      Map<String, Object> body = Json.map(resource.getValue());
      String type = String.valueOf(body.get("Type"));
      if (STATEFUL_TYPES.contains(type)
          || KEEPING_POLICIES.contains(String.valueOf(body.get("DeletionPolicy")))
          || KEEPING_POLICIES.contains(String.valueOf(body.get("UpdateReplacePolicy")))) {
        found.add(resource.getKey() + " " + type);
      }
    }
    return found;
  }

  private static Set<String> expected(Path list) throws IOException {
    try (Stream<String> lines = Files.lines(list)) {
      return lines
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(TreeSet::new, Set::add, Set::addAll);
    }
  }
}
