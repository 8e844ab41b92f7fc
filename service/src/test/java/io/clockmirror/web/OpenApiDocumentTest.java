package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The served OpenAPI document as outside tools read it: the YAML with a YAML 1.1 reader (SnakeYAML,
 * as PyYAML and most generators use), the examples against their own schemas, and every status the
 * service sends described. {@code OpenApiDocumentIT} reruns these against the packaged app.
 */
@QuarkusTest
class OpenApiDocumentTest {

  private static final List<String> PROBLEM_STATUSES = List.of("400", "404", "405", "413");

  private static Map<String, Object> servedJson() {
    String body = given().get("/openapi?format=json").then().statusCode(200).extract().asString();
    return new JsonObject(body).getMap();
  }

  private static Map<String, Object> servedYaml() {
    String body = given().get("/openapi").then().statusCode(200).extract().asString();
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      assertThat(current).as("parent of %s", key).isInstanceOf(Map.class);
      current = ((Map<String, Object>) current).get(key);
      assertThat(current).as(key).isNotNull();
    }
    return (Map<String, Object>) current;
  }

  private static Map<String, Object> clockResponses(Map<String, Object> document) {
    return map(document, "paths", "/clock", "get", "responses");
  }

  @Test
  void yamlReadAsYaml11IsTheSameDocumentAsTheJson() {
    Map<String, Object> yaml = servedYaml();
    List<?> parameters = (List<?>) map(yaml, "paths", "/clock", "get").get("parameters");
    assertThat(map(parameters.get(0), "examples", "puzzle")).containsEntry("value", "12:22");
    assertThat(yaml).isEqualTo(servedJson());
  }

  @Test
  void examplesMatchTheirOwnPatterns() {
    Map<String, Object> yaml = servedYaml();
    Map<String, Object> answer = map(yaml, "components", "schemas", "ClockAnswer", "properties");
    for (String property : List.of("mirror_time", "actual_time")) {
      Pattern pattern = Pattern.compile((String) map(answer, property).get("pattern"));
      assertThat((List<?>) map(answer, property).get("examples"))
          .isNotEmpty()
          .allSatisfy(
              example ->
                  assertThat(example).isInstanceOf(String.class).asString().matches(pattern));
    }
    Map<String, Object> puzzle =
        map(clockResponses(yaml), "200", "content", "application/json", "examples", "puzzle");
    assertThat(map(puzzle, "value"))
        .containsEntry("mirror_time", "12:22")
        .containsEntry("actual_time", "11:38");
  }

  @Test
  void everyProblemResponseHasAnExampleOfItsOwnStatus() {
    Map<String, Object> responses = clockResponses(servedJson());
    for (String status : PROBLEM_STATUSES) {
      Map<String, Object> content = map(responses, status, "content", Problem.MEDIA_TYPE);
      assertThat(map(content, "schema")).containsEntry("$ref", "#/components/schemas/Problem");
      Map<String, Object> examples = map(content, "examples");
      assertThat(examples).as(status).isNotEmpty();
      for (Object example : examples.values()) {
        assertThat(map(example, "value"))
            .as(status)
            .containsEntry("status", Integer.valueOf(status));
      }
    }
  }

  @Test
  void limitsTheHttpLayerAnswersBareAreDescribedWithoutABody() {
    Map<String, Object> responses = clockResponses(servedJson());
    for (String status : List.of("414", "431")) {
      assertThat(map(responses, status)).as(status).doesNotContainKey("content");
    }
  }

  @Test
  void namesTheServerAndTheTagsItUses() {
    Map<String, Object> json = servedJson();
    assertThat((List<?>) json.get("servers"))
        .<Object>extracting(server -> ((Map<?, ?>) server).get("url"))
        .containsExactly("/");
    assertThat((List<?>) json.get("tags"))
        .<Object>extracting(tag -> ((Map<?, ?>) tag).get("name"))
        .containsExactly("clock");
    assertThat((List<?>) json.get("security")).isEmpty();
  }
}
