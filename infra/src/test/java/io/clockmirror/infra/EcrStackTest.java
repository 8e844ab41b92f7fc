package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class EcrStackTest {

  private static Template dev;
  private static Template prod;

  @BeforeAll
  static void synthesize() {
    dev = Synth.template(Synth.environment("dev").ecr());
    prod = Synth.template(Synth.environment("prod").ecr());
  }

  @Test
  void repositoryIsNamedForTheEnvironmentScansOnPushAndKeepsTagsImmutable() {
    dev.hasResourceProperties(
        "AWS::ECR::Repository",
        Match.objectLike(
            Map.of(
                "RepositoryName", "dev-clockmirror",
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE")));
    prod.hasResourceProperties(
        "AWS::ECR::Repository", Match.objectLike(Map.of("RepositoryName", "prod-clockmirror")));
  }

  @Test
  void imagesAreEncryptedWithKms() {
    dev.hasResourceProperties(
        "AWS::ECR::Repository",
        Match.objectLike(Map.of("EncryptionConfiguration", Map.of("EncryptionType", "KMS"))));
  }

  @Test
  void lifecycleRuleKeepsTheLastImagesTheEnvironmentAsksFor() {
    dev.hasResourceProperties("AWS::ECR::Repository", keepsLast(10));
    prod.hasResourceProperties("AWS::ECR::Repository", keepsLast(30));
  }

  @Test
  void repositoryOutlivesTheStack() {
    dev.hasResource(
        "AWS::ECR::Repository",
        Match.objectLike(Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
  }

  @Test
  void pushTargetIsAnOutput() {
    Map<String, Map<String, Object>> outputs = dev.findOutputs("RepositoryUri");
    assertThat(outputs).containsOnlyKeys("RepositoryUri");
    assertThat(outputs.get("RepositoryUri").toString()).contains(".dkr.ecr.");
  }

  private static Object keepsLast(int images) {
    return Match.objectLike(
        Map.of(
            "LifecyclePolicy",
            Match.objectLike(
                Map.of(
                    "LifecyclePolicyText",
                    Match.serializedJson(
                        Match.objectLike(
                            Map.of(
                                "rules",
                                List.of(
                                    Match.objectLike(
                                        Map.of(
                                            "selection",
                                            Map.of(
                                                "tagStatus", "any",
                                                "countType", "imageCountMoreThan",
                                                "countNumber", images),
                                            "action",
                                            Map.of("type", "expire")))))))))));
  }
}
