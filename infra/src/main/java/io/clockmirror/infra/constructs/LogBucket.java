package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * A bucket that receives access logs (load balancer, VPC flow logs, S3 server access logs).
 *
 * <p>Fixed secure defaults: S3-managed encryption (load balancer access logs can only be written
 * with S3-managed keys), all public access blocked, TLS required, ACLs disabled (bucket owner
 * enforced), and kept when the stack is deleted: access logs are evidence, so a teardown keeps them
 * until they expire.
 */
public final class LogBucket extends Construct {

  /**
   * What the bucket needs to know.
   *
   * @param expirationDays days after which a log object is deleted; at least 1
   * @param expirationRuleId id of that lifecycle rule; empty lets S3 generate one
   * @param notLoggedReason why this bucket's own access is not logged (cdk-nag AwsSolutions-S1): a
   *     log sink logging into another bucket would need yet another one
   */
  public record Props(
      int expirationDays, Optional<String> expirationRuleId, String notLoggedReason) {

    public Props {
      Objects.requireNonNull(expirationRuleId, "expirationRuleId");
      Objects.requireNonNull(notLoggedReason, "notLoggedReason");
      if (expirationDays < 1) {
        throw new IllegalArgumentException("expirationDays must be at least 1: " + expirationDays);
      }
      if (notLoggedReason.isBlank()) {
        throw new IllegalArgumentException("notLoggedReason must say why");
      }
    }
  }

  private final Bucket bucket;

  public LogBucket(Construct scope, String id, Props props) {
    super(scope, id);
    LifecycleRule.Builder expiration =
        LifecycleRule.builder().expiration(Duration.days(props.expirationDays()));
    props.expirationRuleId().ifPresent(expiration::id);
    bucket =
        Bucket.Builder.create(this, "Bucket")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .lifecycleRules(List.of(expiration.build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    NagSuppressions.addResourceSuppressions(
        bucket,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(props.notLoggedReason())
                .build()));
  }

  public Bucket bucket() {
    return bucket;
  }
}
