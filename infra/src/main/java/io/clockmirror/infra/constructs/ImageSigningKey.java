package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.CfnAlias;
import software.amazon.awscdk.services.kms.CfnKey;
import software.constructs.Construct;

/**
 * The one AWS KMS key the pipeline's build signs images with (docs/supply-chain.md): ECDSA on NIST
 * P-256, {@code SIGN_VERIFY}, the private half never leaves KMS. Its key policy is written out
 * statement by statement:
 *
 * <ul>
 *   <li>{@code kms:Sign} for the build's role alone, and only a SHA-256 digest with {@code
 *       ECDSA_SHA_256} (the format the gate checks); no IAM policy can add a signer, because the
 *       account's own statement does not include {@code kms:Sign};
 *   <li>{@code kms:GetPublicKey} for the build's role, and for the accounts that check signatures
 *       (the pipeline's own, for its deploy builds, and each environment's, for its gate function),
 *       which grant it to those roles in IAM;
 *   <li>key administration (describe, tag, enable/disable, the policy, deletion) for the pipeline's
 *       account, so that the key stays manageable; never its use.
 * </ul>
 */
public final class ImageSigningKey extends Construct {

  /** The key spec and the one algorithm the gate accepts. */
  public static final String KEY_SPEC = "ECC_NIST_P256";

  public static final String SIGNING_ALGORITHM = "ECDSA_SHA_256";

  /** What the account may do with the key: manage it, never sign or read through it. */
  public static final List<String> ADMINISTRATION_ACTIONS =
      List.of(
          "kms:DescribeKey",
          "kms:GetKeyPolicy",
          "kms:PutKeyPolicy",
          "kms:ListResourceTags",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateKeyDescription",
          "kms:EnableKey",
          "kms:DisableKey",
          "kms:CreateAlias",
          "kms:UpdateAlias",
          "kms:DeleteAlias",
          "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion");

  /**
   * What the key needs to know.
   *
   * @param alias the key's alias ({@code alias/...}), which the gates name it by
   * @param signerRoleArn the role of the build that signs
   * @param verifierAccounts the accounts whose roles may read the public key (IAM decides which)
   */
  public record Props(String alias, String signerRoleArn, List<String> verifierAccounts) {

    public Props {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(signerRoleArn, "signerRoleArn");
      verifierAccounts = List.copyOf(verifierAccounts);
      if (!alias.startsWith("alias/")) {
        throw new IllegalArgumentException("a KMS alias starts with alias/: " + alias);
      }
      if (verifierAccounts.isEmpty()) {
        throw new IllegalArgumentException("at least one account checks the signatures");
      }
    }
  }

  private final CfnKey key;

  public ImageSigningKey(Construct scope, String id, Props props) {
    super(scope, id);
    key =
        CfnKey.Builder.create(this, "Key")
            .description(
                "Signs the images the clockmirror pipeline builds (cosign simple signing over the"
                    + " image digest)")
            .keySpec(KEY_SPEC)
            .keyUsage("SIGN_VERIFY")
            // Asymmetric keys cannot be rotated by KMS.
            .enableKeyRotation(false)
            .pendingWindowInDays(30)
            .keyPolicy(policy(props))
            .build();
    // Every image in the repositories is signed by this key: deleting the stack must not take
    // the images' signatures (and so every rollback to an older image) with it.
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    CfnAlias.Builder.create(this, "Alias")
        .aliasName(props.alias())
        .targetKeyId(key.getRef())
        .build();
  }

  /** The key's ARN. */
  public String keyArn() {
    return key.getAttrArn();
  }

  /**
   * The ARN of the key's alias: what the build, the deploy builds and the gates name the key by, so
   * that none of them depends on the key's generated id.
   */
  public static String aliasArn(String alias, String region, String account) {
    return "arn:" + Aws.PARTITION + ":kms:" + region + ":" + account + ":" + alias;
  }

  /** Why {@link #readPublicKey} names every key of the account, and what still limits it. */
  public static final String READ_PUBLIC_KEY_REASON =
      "kms:GetPublicKey is granted on the keys of the signing account only when the request names"
          + " the signing key's alias (kms:RequestAlias): the key's id is generated and lives in"
          + " the pipeline's stack, the alias is fixed. The key policy also names the allowed"
          + " accounts.";

  /**
   * Reading the public half of the signing key, by its alias, in the account and region the key
   * lives in: what a role that checks signatures is granted.
   */
  public static PolicyStatement readPublicKey(String alias, String region, String account) {
    return PolicyStatement.Builder.create()
        .sid("ReadTheImageSigningPublicKey")
        .effect(Effect.ALLOW)
        .actions(List.of("kms:GetPublicKey"))
        .resources(List.of("arn:" + Aws.PARTITION + ":kms:" + region + ":" + account + ":key/*"))
        .conditions(Map.of("StringEquals", Map.of("kms:RequestAlias", alias)))
        .build();
  }

  private static Map<String, Object> policy(Props props) {
    String root = "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":root";
    List<Object> statements = new ArrayList<>();
    statements.add(
        statement(
            "TheAccountAdministersTheKeyButNeverUsesIt",
            List.of(root),
            ADMINISTRATION_ACTIONS,
            Map.of()));
    statements.add(
        statement(
            "OnlyTheBuildSignsAndOnlyDigests",
            List.of(props.signerRoleArn()),
            List.of("kms:Sign"),
            Map.of(
                "StringEquals",
                ordered("kms:SigningAlgorithm", SIGNING_ALGORITHM, "kms:MessageType", "DIGEST"))));
    statements.add(
        statement(
            "TheBuildReadsThePublicKey",
            List.of(props.signerRoleArn()),
            List.of("kms:GetPublicKey"),
            Map.of()));
    statements.add(
        statement(
            "VerifyingAccountsReadThePublicKey",
            props.verifierAccounts().stream()
                .map(account -> "arn:" + Aws.PARTITION + ":iam::" + account + ":root")
                .distinct()
                .toList(),
            List.of("kms:GetPublicKey"),
            Map.of()));
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    return policy;
  }

  private static Map<String, Object> statement(
      String sid, List<String> principals, List<String> actions, Map<String, Object> condition) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    statement.put(
        "Principal", Map.of("AWS", principals.size() == 1 ? principals.getFirst() : principals));
    statement.put("Action", actions.size() == 1 ? actions.getFirst() : actions);
    statement.put("Resource", "*");
    if (!condition.isEmpty()) {
      statement.put("Condition", condition);
    }
    return statement;
  }

  /** Two entries in the order given: a template is written in the order of its maps. */
  private static Map<String, Object> ordered(
      String key1, Object value1, String key2, Object value2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key1, value1);
    map.put(key2, value2);
    return map;
  }
}
