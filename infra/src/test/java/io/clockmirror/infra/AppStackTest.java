package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.AppStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dev environment's service stack, as {@code cdk.json} defines it: parameters and outputs. */
class AppStackTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = AppTemplate.rolling();
  }

  @Test
  void imageComesFromTheEnvironmentsRepositoryAtTheImageTagParameter() {
    AppTemplate.hasContainer(
        template,
        Map.of(
            "Image",
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    Match.arrayWith(
                        List.of(
                            "/dev-clockmirror:", Map.of("Ref", AppStack.IMAGE_TAG_PARAMETER)))))));
    Map<String, Map<String, Object>> parameter =
        template.findParameters(AppStack.IMAGE_TAG_PARAMETER, Match.anyValue());
    // Without -c imageTag there is no default: the first deploy must name the image, later ones
    // keep the previous value.
    assertThat(parameter.get(AppStack.IMAGE_TAG_PARAMETER))
        .containsEntry("Type", "String")
        .doesNotContainKey("Default");
  }

  @Test
  void serviceUrlIsAnOutput() {
    template.hasOutput(
        "ServiceUrl", Match.objectLike(Map.of("Value", AppTemplate.serviceUrl(template))));
  }
}
