package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The name table and the retained resources this command relies on, checked against the templates
 * the CDK app synthesizes (run as the CDK CLI runs it, {@code infra/cdk-app.sh}). A template rather
 * than infra's {@code Names} class: it also checks output and parameter keys, the alternate target
 * group's logical ID, the production rule's condition and what is kept on deletion, none of which
 * {@code Names} holds.
 */
class NamesTest {

  static Path templates;

  @BeforeAll
  static void synthesize() throws Exception {
    templates = Files.createDirectories(Fixture.REPO.resolve("cli/target/synth"));
    ProcessBuilder builder =
        new ProcessBuilder("bash", Fixture.REPO.resolve("infra/cdk-app.sh").toString())
            .redirectErrorStream(true);
    builder.environment().put("CDK_OUTDIR", templates.toString());
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process synth = builder.start();
    String out = new String(synth.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(synth.waitFor(15, TimeUnit.MINUTES)).isTrue();
    assertThat(synth.exitValue()).as(out).isZero();
  }

  private static Map<String, Object> template(String stack) throws IOException {
    return JSON.std.mapFrom(Files.readString(templates.resolve(stack + ".template.json")));
  }

  private static List<Map<String, Object>> resources(Map<String, Object> template, String type) {
    return Json.cast(template.get("Resources")).entrySet().stream()
        .map(entry -> Map.<String, Object>of("id", entry.getKey(), "resource", entry.getValue()))
        .filter(entry -> type.equals(Json.string(entry.get("resource"), "Type").orElse("")))
        .toList();
  }

  private static Set<String> properties(
      Map<String, Object> template, String type, String property) {
    return resources(template, type).stream()
        .map(entry -> Json.string(entry.get("resource"), "Properties", property).orElse("?"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theNameTableMatchesTheTemplates(String environment) throws IOException {
    Names names = new Names(environment);
    Map<String, Object> ecr = template(names.ecrStack());
    Map<String, Object> app = template(names.appStack());

    assertThat(properties(ecr, "AWS::ECR::Repository", "RepositoryName"))
        .containsExactly(names.repository());
    assertThat(Json.cast(ecr.get("Outputs"))).containsKey(Names.REPOSITORY_URI_OUTPUT);
    assertThat(Json.cast(app.get("Outputs")))
        .containsKeys(
            Names.SERVICE_URL_OUTPUT,
            Names.CLUSTER_OUTPUT,
            Names.SERVICE_OUTPUT,
            Names.LOG_GROUP_OUTPUT);
    assertThat(Json.cast(app.get("Parameters")))
        .containsKeys(Names.IMAGE_TAG_PARAMETER, Names.IMAGE_VERSION_PARAMETER);
    assertThat(properties(app, "AWS::ECS::Cluster", "ClusterName"))
        .containsExactly(names.cluster());
    assertThat(properties(app, "AWS::ECS::Service", "ServiceName"))
        .containsExactly(names.service());
    assertThat(properties(app, "AWS::ElasticLoadBalancingV2::LoadBalancer", "Name"))
        .containsExactly(names.loadBalancer());
    assertThat(properties(app, "AWS::Logs::LogGroup", "LogGroupName"))
        .contains(names.containerLogGroup());
    assertThat(properties(app, "AWS::CloudWatch::Alarm", "AlarmName"))
        .isNotEmpty()
        .allMatch(name -> name.startsWith(names.alarmPrefix()));
    assertThat(
            resources(app, "AWS::ECS::TaskDefinition").stream()
                .flatMap(
                    entry ->
                        Json.objects(entry.get("resource"), "Properties", "ContainerDefinitions")
                            .stream())
                .map(container -> container.get("Name")))
        .containsExactly(Names.CONTAINER);
    // Where Container Insights is on (prod; dev turns it off for its bill), ECS writes the
    // performance log group destroy looks for.
    assertThat(
            resources(app, "AWS::ECS::Cluster").stream()
                .flatMap(
                    entry ->
                        Json.objects(entry.get("resource"), "Properties", "ClusterSettings")
                            .stream())
                .map(setting -> setting.get("Name") + "=" + setting.get("Value")))
        .containsExactly(
            "containerInsights=" + (environment.equals("dev") ? "disabled" : "enabled"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void statusFindsTheTargetGroupsAsTheTemplateMakesThem(String environment) throws IOException {
    Environment target = new Project(Fixture.REPO).environment(environment);
    Map<String, Object> app = template(target.names().appStack());
    Map<String, Object> outputs = Json.cast(app.get("Outputs"));
    if (target.rolling()) {
      assertThat(resources(app, "AWS::ElasticLoadBalancingV2::TargetGroup")).hasSize(1);
      assertThat(outputs).doesNotContainKey(Names.PRODUCTION_RULE_OUTPUT);
    } else {
      assertThat(resources(app, "AWS::ElasticLoadBalancingV2::TargetGroup")).hasSize(2);
      assertThat(outputs)
          .containsKeys(
              Names.PRODUCTION_RULE_OUTPUT,
              Names.PRIMARY_TARGET_GROUP_OUTPUT,
              Names.ALTERNATE_TARGET_GROUP_OUTPUT);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void destroyKnowsEveryKindOfResourceTheStacksKeep(String environment) throws IOException {
    Names names = new Names(environment);
    for (String stack : List.of(names.appStack(), names.ecrStack())) {
      Json.cast(template(stack).get("Resources"))
          .forEach(
              (id, resource) -> {
                if (!"Delete".equals(Json.string(resource, "DeletionPolicy").orElse("Delete"))) {
                  assertThat(
                          Stream.concat(
                              Leftover.KNOWN_TYPES.stream(), Leftover.SHARED_TYPES.stream()))
                      .as(stack + " keeps " + id)
                      .contains(Json.string(resource, "Type").orElseThrow());
                }
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev"})
  void theFakeAccountKeepsWhatTheTemplatesKeep(String environment) throws Exception {
    Names names = new Names(environment);
    try (Fixture fixture = new Fixture()) {
      assertThat(fixture.run("deploy", environment).exit()).isZero();
      for (String stack : List.of(names.appStack(), names.ecrStack())) {
        Set<String> inTemplate = new TreeSet<>();
        Json.cast(template(stack).get("Resources"))
            .forEach(
                (id, resource) -> {
                  if ("Retain".equals(Json.string(resource, "DeletionPolicy").orElse(""))) {
                    inTemplate.add(id + " " + Json.string(resource, "Type").orElseThrow());
                  }
                });
        Set<String> inFake =
            Json.objects(BadStatesTest.stack(fixture.state(), stack), "Resources").stream()
                .filter(resource -> "Retain".equals(resource.get("DeletionPolicy")))
                .map(
                    resource ->
                        resource.get("LogicalResourceId") + " " + resource.get("ResourceType"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inFake).as(stack).isEqualTo(inTemplate);
      }
    }
  }
}
