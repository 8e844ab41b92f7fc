package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.BucketCacheOptions;
import software.amazon.awscdk.services.codebuild.Cache;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Where a pipeline keeps its artifacts and its builds keep their caches: a versioned bucket
 * encrypted with a customer managed key, whose access is logged to a {@link LogBucket}.
 *
 * <p>Secure defaults: the key rotates yearly; the bucket blocks all public access, requires TLS,
 * disables ACLs and uses an S3 bucket key; key and buckets are kept when the stack is deleted.
 * Access is granted statement by statement through {@link #access}, never by CDK's broad grants.
 */
public final class ArtifactStore extends Construct {

  /**
   * What the store needs to know.
   *
   * @param keyDescription the KMS key's description
   * @param expirationDays days after which artifacts and access logs are deleted; an overwritten
   *     version is kept 30 days, an unfinished multipart upload 7
   */
  public record Props(String keyDescription, int expirationDays) {

    public Props {
      Objects.requireNonNull(keyDescription, "keyDescription");
      if (expirationDays < 1) {
        throw new IllegalArgumentException("expirationDays must be at least 1: " + expirationDays);
      }
    }
  }

  /** Why a statement on {@code <bucket>/*} is as narrow as it can be (cdk-nag IAM5). */
  public static final String OBJECTS_REASON =
      "Pipeline artifacts are objects with generated keys in this pipeline's own artifact bucket;"
          + " the statement reaches that bucket's objects only.";

  private final Key key;
  private final LogBucket accessLogs;
  private final Bucket bucket;

  public ArtifactStore(Construct scope, String id, Props props) {
    super(scope, id);
    // S3 access logs delivered by bucket policy, not by ACL: the buckets keep ACLs disabled
    // whatever the app's feature flags say.
    getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    key =
        Key.Builder.create(this, "Key")
            .description(props.keyDescription())
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    accessLogs =
        new LogBucket(
            this,
            "AccessLogs",
            new LogBucket.Props(
                props.expirationDays(),
                Optional.empty(),
                "This is the access log bucket of the artifact bucket; logging it into itself"
                    + " or another bucket would only recurse."));
    bucket =
        Bucket.Builder.create(this, "Bucket")
            .encryption(BucketEncryption.KMS)
            .encryptionKey(key)
            .bucketKeyEnabled(true)
            .versioned(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .serverAccessLogsBucket(accessLogs.bucket())
            .serverAccessLogsPrefix("artifacts/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .expiration(Duration.days(props.expirationDays()))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
  }

  /** Read (and optionally write) artifacts, which are encrypted with the store's key. */
  public List<PolicyStatement> access(boolean read, boolean write) {
    List<String> objectActions = new ArrayList<>();
    List<String> keyActions = new ArrayList<>();
    if (read) {
      objectActions.addAll(List.of("s3:GetObject", "s3:GetObjectVersion"));
      keyActions.add("kms:Decrypt");
    }
    if (write) {
      objectActions.add("s3:PutObject");
      keyActions.addAll(List.of("kms:Encrypt", "kms:GenerateDataKey"));
    }
    return List.of(
        PolicyStatement.Builder.create()
            .sid("ArtifactBucket")
            .actions(List.of("s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"))
            .resources(List.of(bucket.getBucketArn()))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactObjects")
            .actions(objectActions)
            .resources(List.of(bucket.arnForObjects("*")))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactKey")
            .actions(keyActions)
            .resources(List.of(key.getKeyArn()))
            .build());
  }

  /** A build cache under {@code prefix} of the bucket. */
  public Cache cache(String prefix) {
    return Cache.bucket(bucket, BucketCacheOptions.builder().prefix(prefix).build());
  }

  /** The bucket's object ARN for {@code keyPattern} the way cdk-nag prints it in a finding. */
  public String nagObjects(String keyPattern) {
    Stack stack = Stack.of(this);
    Object logicalId =
        stack.resolve(stack.getLogicalId((CfnElement) bucket.getNode().getDefaultChild()));
    return "<" + logicalId + ".Arn>/" + keyPattern;
  }

  public Key key() {
    return key;
  }

  public Bucket bucket() {
    return bucket;
  }

  public LogBucket accessLogs() {
    return accessLogs;
  }
}
