package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeployTest {

  Fixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void fromAnEmptyAccountEveryStepRunsInOrderAndTheUrlAnswers() throws Exception {
    Fixture.Run run = fixture.run("deploy", "dev");

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out())
        .containsSubsequence(
            "[1/7] caller identity",
            "account 123456789012, eu-west-1, arn:aws:iam::123456789012:user/alice",
            "[2/7] service-linked roles",
            "created AWSServiceRoleForECS, AWSServiceRoleForApplicationAutoScaling_ECSService",
            "[3/7] CDK bootstrap",
            "bootstrapped aws://123456789012/eu-west-1",
            "[4/7] repository stack",
            "dev-clockmirror-ecr: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror",
            "[5/7] image",
            "built and published 1.0.0-" + fixture.commit().substring(0, 7) + "-manual.",
            "[6/7] app stack",
            "[7/7] service answers",
            "dev answers at " + fixture.environment.get("FAKE_SERVICE_URL"),
            "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}",
            "5 of 7 steps changed something");
    assertThat(run.out())
        .containsPattern(Pattern.compile("\\[6/7] app stack +changed .*\\(\\d+\\.\\d s\\)"));
    assertThat(
            fixture.changingCalls().stream()
                .map(call -> String.join(" ", List.of(call.split(" ")).subList(0, 3))))
        .containsExactly(
            "aws iam create-service-linked-role",
            "aws iam create-service-linked-role",
            "cdk bootstrap -c",
            "cdk deploy dev-clockmirror-ecr",
            "docker build --tag",
            "docker build --target",
            "skopeo copy --preserve-digests",
            "cdk deploy dev-clockmirror-app");
  }

  @Test
  void aSecondRunChangesNothingAndSaysSo() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    fixture.clearCalls();

    Fixture.Run again = fixture.run("deploy", "dev");

    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("nothing changed: dev already runs 1.0.0-");
    assertThat(again.out().lines().filter(line -> line.startsWith("[")))
        .hasSize(7)
        .allMatch(line -> line.contains(" unchanged "));
    assertThat(fixture.changingCalls())
        .as("a second run only looks, and lets the CDK find no changes")
        .allMatch(call -> call.startsWith("cdk deploy"));
    assertThat(again.out()).contains("is in dev-clockmirror already");
  }

  @Test
  void theNextEnvironmentGetsTheSameImageWithoutABuild() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    Fixture.Run prod = fixture.run("deploy", "prod");

    assertThat(prod.exit()).as(prod.all()).isZero();
    // One image build (and the export of its bill of materials' inputs), for both environments.
    assertThat(fixture.changingCalls())
        .filteredOn(call -> call.startsWith("docker build"))
        .extracting(call -> String.join(" ", List.of(call.split(" ")).subList(0, 3)))
        .containsExactly("docker build --tag", "docker build --target");
    var repositories = Json.cast(fixture.state().get("repositories"));
    assertThat(repositories.get("prod-clockmirror"))
        .as("the tag and digest dev got, as the pipeline promotes one image")
        .isEqualTo(
            List.of(Json.objects(repositories, "dev-clockmirror").getFirst()).stream()
                .map(
                    image -> {
                      var copy = new java.util.HashMap<>(image);
                      copy.put(
                          "pushedAt",
                          Json.objects(repositories, "prod-clockmirror")
                              .getFirst()
                              .get("pushedAt"));
                      return copy;
                    })
                .toList());
  }

  static List<String> lines(String text) {
    return text.lines().toList();
  }
}
