package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.pipeline.PipelineStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The pipeline of {@code cdk.json} as {@link InfraApp} makes it, and queries its tests share. */
final class PipelineTemplate {

  static final PipelineStack stack = Synth.pipeline();
  static final Template template = Synth.template(stack);
  static final List<Map<String, Object>> stages =
      Json.list(only("AWS::CodePipeline::Pipeline").get("Stages")).stream().map(Json::map).toList();

  private PipelineTemplate() {}

  /**
   * The Resource of the statement {@code sid} in the role whose logical id starts with {@code
   * role}, as text.
   */
  static String statementResources(String role, String sid) {
    return statementResources(template, role, sid);
  }

  /** As {@link #statementResources(String, String)}, in another pipeline's template. */
  static String statementResources(Template pipeline, String role, String sid) {
    return pipeline.findResources("AWS::IAM::Role").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(role))
        .flatMap(
            entry ->
                Json.list(Json.map(Json.map(entry.getValue()).get("Properties")).get("Policies"))
                    .stream())
        .flatMap(
            policy ->
                Json.list(Json.map(Json.map(policy).get("PolicyDocument")).get("Statement"))
                    .stream())
        .map(Json::map)
        .filter(statement -> sid.equals(statement.get("Sid")))
        .map(statement -> String.valueOf(statement.get("Resource")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + role));
  }

  @SuppressWarnings("deprecation") // SynthesisMessage is what Annotations returns
  static List<String> describe(List<SynthesisMessage> messages) {
    return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
  }

  /** The unsuppressed cdk-nag AWS Solutions errors and warnings of {@code stack}. */
  @SuppressWarnings("deprecation") // SynthesisMessage is what Annotations returns
  static List<String> awsSolutionsFindings(Stack stack) {
    Annotations annotations = Annotations.fromStack(stack);
    Object awsSolutions = Match.stringLikeRegexp("AwsSolutions-.*");
    List<String> findings = new ArrayList<>(describe(annotations.findError("*", awsSolutions)));
    findings.addAll(describe(annotations.findWarning("*", awsSolutions)));
    return findings;
  }

  static List<String> allowedActions() {
    return allowedActionsByRole().values().stream().flatMap(Set::stream).toList();
  }

  /** Allowed actions of each role's inline policies, by the role's logical id prefix. */
  static Map<String, Set<String>> allowedActionsByRole() {
    Map<String, Set<String>> byRole = new LinkedHashMap<>();
    template
        .findResources("AWS::IAM::Role")
        .forEach(
            (logicalId, role) -> {
              Set<String> actions = new TreeSet<>();
              Object policies = Json.map(Json.map(role).get("Properties")).get("Policies");
              for (Object policy : policies == null ? List.of() : Json.list(policies)) {
                for (Object statement :
                    Json.list(Json.map(Json.map(policy).get("PolicyDocument")).get("Statement"))) {
                  Map<String, Object> s = Json.map(statement);
                  if ("Allow".equals(s.get("Effect"))) {
                    Object action = s.get("Action");
                    if (action instanceof String one) {
                      actions.add(one);
                    } else {
                      Json.list(action).forEach(a -> actions.add((String) a));
                    }
                  }
                }
              }
              byRole.put(logicalId.replaceAll("[0-9A-F]{8}$", ""), actions);
            });
    // Managed or separate policies would escape the checks above: there must be none.
    assertThat(template.findResources("AWS::IAM::Policy")).isEmpty();
    assertThat(template.findResources("AWS::IAM::ManagedPolicy")).isEmpty();
    return byRole;
  }

  static Map<String, Map<String, Object>> projectsByName() {
    return template.findResources("AWS::CodeBuild::Project").values().stream()
        .map(resource -> Json.map(Json.map(resource).get("Properties")))
        .collect(Collectors.toMap(p -> (String) p.get("Name"), p -> p));
  }

  static Map<String, Object> only(String type) {
    Map<String, Map<String, Object>> resources = template.findResources(type);
    assertThat(resources).hasSize(1);
    return Json.map(resources.values().iterator().next().get("Properties"));
  }

  static Map<String, Object> stage(String name) {
    return stages.stream()
        .filter(stage -> name.equals(stage.get("Name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  static List<Object> actionNames(String stageName) {
    return Json.list(stage(stageName).get("Actions")).stream()
        .map(a -> Json.map(a).get("Name"))
        .toList();
  }

  static Map<String, Object> action(String stageName, String actionName) {
    return Json.list(stage(stageName).get("Actions")).stream()
        .map(Json::map)
        .filter(a -> actionName.equals(a.get("Name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no action " + actionName + " in " + stageName));
  }

  static List<Object> inputs(String stageName, String actionName) {
    return artifactNames(action(stageName, actionName).get("InputArtifacts"));
  }

  static List<Object> outputs(String stageName, String actionName) {
    return artifactNames(action(stageName, actionName).get("OutputArtifacts"));
  }

  static List<Object> artifactNames(Object artifacts) {
    return artifacts == null
        ? List.of()
        : Json.list(artifacts).stream().map(a -> Json.map(a).get("Name")).toList();
  }

  /** The action's CodeBuild EnvironmentVariables (a JSON string in the configuration). */
  static Map<String, Object> environmentVariables(String stageName, String actionName) {
    Object json =
        Json.map(action(stageName, actionName).get("Configuration")).get("EnvironmentVariables");
    assertThat(json).as("environment variables of " + actionName).isInstanceOf(String.class);
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object variable : parseJsonList((String) json)) {
      byName.put((String) Json.map(variable).get("name"), Json.map(variable).get("value"));
    }
    return byName;
  }

  static List<?> parseJsonList(String json) {
    try {
      return new ObjectMapper().readValue(json, List.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
