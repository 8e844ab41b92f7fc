package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The {@code ArtifactStore} of the dev pipeline: its key, buckets and bucket policies. */
class ArtifactStoreTest {

  @Test
  void theArtifactBucketIsEncryptedVersionedPrivateAndTlsOnly() {
    template.hasResourceProperties(
        "AWS::S3::Bucket",
        Match.objectLike(
            Map.of(
                "BucketEncryption",
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "ServerSideEncryptionByDefault",
                                Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))),
                "VersioningConfiguration",
                Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true),
                "LoggingConfiguration",
                Match.objectLike(Map.of("LogFilePrefix", "artifacts/")))));
    template.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Match.objectLike(
            Map.of(
                "PolicyDocument",
                Match.objectLike(
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Match.objectLike(
                                    Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of(
                                            "Bool",
                                            Map.of("aws:SecureTransport", "false")))))))))));
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    template.hasResourceProperties(
        "AWS::CodePipeline::Pipeline",
        Match.objectLike(
            Map.of(
                "ArtifactStore",
                Match.objectLike(
                    Map.of(
                        "Type", "S3", "EncryptionKey", Match.objectLike(Map.of("Type", "KMS")))))));
  }

  @Test
  void bucketPoliciesGrantNothingToTheRoles() {
    // Grants CDK would have put on the buckets (wildcard S3 actions) must not appear there.
    for (Object policy : template.findResources("AWS::S3::BucketPolicy").values()) {
      for (Object statement :
          Json.list(
              Json.map(Json.map(Json.map(policy).get("Properties")).get("PolicyDocument"))
                  .get("Statement"))) {
        Map<String, Object> s = Json.map(statement);
        if ("Allow".equals(s.get("Effect"))) {
          assertThat(Json.map(s.get("Principal")))
              .as("only S3 log delivery may write into a bucket by bucket policy")
              .containsOnlyKeys("Service")
              .containsEntry("Service", "logging.s3.amazonaws.com");
        }
      }
    }
  }
}
