package io.clockmirror.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The SNS topic an environment's alarms and failure events go to, with its email and Slack
 * subscribers.
 *
 * <p>Secure defaults: encrypted with a KMS key of its own (rotated yearly) whose policy names every
 * action it grants; the topic refuses publishes without TLS; CloudWatch may publish only for alarms
 * of this account whose names start with the alarm prefix, EventBridge only for rules of this
 * account.
 */
public final class AlarmTopic extends Construct {

  /** Key administration by the account's IAM principals, action by action (no {@code kms:*}). */
  static final List<String> KEY_ADMIN_ACTIONS =
      List.of(
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DeleteAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListGrants",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
          "kms:UpdateKeyDescription");

  /**
   * What a service that publishes to an encrypted topic needs of its key, as SNS documents the key
   * policy for CloudWatch and EventBridge: {@code kms:GenerateDataKey*} (which also covers {@code
   * GenerateDataKeyWithoutPlaintext}) and {@code kms:Decrypt}.
   */
  public static final List<String> PUBLISH_KEY_ACTIONS =
      List.of("kms:Decrypt", "kms:GenerateDataKey*");

  /**
   * What the topic needs to know.
   *
   * @param topicName the topic's name
   * @param keyAlias alias of its KMS key ({@code alias/...})
   * @param alarmNamePrefix CloudWatch may publish for alarms whose names start with this
   * @param emails addresses to subscribe; each receives a confirmation mail first
   * @param slack a Slack channel to forward to through AWS Chatbot; empty for none
   */
  public record Props(
      String topicName,
      String keyAlias,
      String alarmNamePrefix,
      List<String> emails,
      Optional<SlackChannel> slack) {

    public Props {
      Objects.requireNonNull(topicName, "topicName");
      Objects.requireNonNull(keyAlias, "keyAlias");
      Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
      emails = List.copyOf(Objects.requireNonNull(emails, "emails"));
      Objects.requireNonNull(slack, "slack");
      if (!keyAlias.startsWith("alias/")) {
        throw new IllegalArgumentException("a key alias starts with alias/: " + keyAlias);
      }
    }
  }

  /**
   * An AWS Chatbot Slack channel; the workspace must have been authorized once in the Chatbot
   * console, which shows its ID.
   *
   * @param configurationName name of the Chatbot channel configuration
   * @param workspaceId Slack workspace (team) ID, e.g. {@code T0123ABCD}
   * @param channelId Slack channel ID, e.g. {@code C0123ABCD}
   */
  public record SlackChannel(String configurationName, String workspaceId, String channelId) {

    private static final Pattern ID = Pattern.compile("[A-Z0-9]{9,11}");

    public SlackChannel {
      Objects.requireNonNull(configurationName, "configurationName");
      requireId("workspaceId", workspaceId);
      requireId("channelId", channelId);
    }

    /** Fails unless {@code id} has the form of a Slack workspace or channel ID. */
    public static void requireId(String what, String id) {
      Objects.requireNonNull(id, what);
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(what + " is not a Slack ID: " + id);
      }
    }
  }

  private final Key key;
  private final Topic topic;
  private final Optional<SlackChannelConfiguration> chat;

  public AlarmTopic(Construct scope, String id, Props props) {
    super(scope, id);
    Stack stack = Stack.of(this);
    key =
        Key.Builder.create(this, "Key")
            .description("Encrypts the alarm topic " + props.topicName())
            .alias(props.keyAlias())
            .enableKeyRotation(true)
            .rotationPeriod(Duration.days(365))
            .policy(keyPolicy())
            .build();
    topic =
        Topic.Builder.create(this, "Topic")
            .topicName(props.topicName())
            .displayName(props.topicName())
            .masterKey(key)
            .enforceSsl(true)
            .build();
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsOfThisAccount")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(alarmsOfThisAccount(stack, props.alarmNamePrefix()))
            .build());
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("EventBridgeRulesOfThisAccount")
            .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
            .build());
    for (String email : props.emails()) {
      topic.addSubscription(new EmailSubscription(email));
    }
    chat =
        props
            .slack()
            .map(
                slack ->
                    SlackChannelConfiguration.Builder.create(this, "Slack")
                        .slackChannelConfigurationName(slack.configurationName())
                        .slackWorkspaceId(slack.workspaceId())
                        .slackChannelId(slack.channelId())
                        .notificationTopics(List.of(topic))
                        .loggingLevel(LoggingLevel.ERROR)
                        .build());
  }

  private static PolicyDocument keyPolicy() {
    return PolicyDocument.Builder.create()
        .statements(
            List.of(
                PolicyStatement.Builder.create()
                    .sid("KeyAdministrationByThisAccount")
                    .principals(List.of(new AccountRootPrincipal()))
                    .actions(KEY_ADMIN_ACTIONS)
                    .resources(List.of("*"))
                    .build(),
                PolicyStatement.Builder.create()
                    .sid("PublishingByThisAccount")
                    .principals(List.of(new AccountRootPrincipal()))
                    .actions(PUBLISH_KEY_ACTIONS)
                    .resources(List.of("*"))
                    .build(),
                PolicyStatement.Builder.create()
                    .sid("PublishingByAlarmsAndRules")
                    .effect(Effect.ALLOW)
                    .principals(
                        List.of(
                            new ServicePrincipal("cloudwatch.amazonaws.com"),
                            new ServicePrincipal("events.amazonaws.com")))
                    .actions(PUBLISH_KEY_ACTIONS)
                    .resources(List.of("*"))
                    .build()))
        .build();
  }

  public Key key() {
    return key;
  }

  public Topic topic() {
    return topic;
  }

  /** The Chatbot channel configuration, when a Slack channel was given. */
  public Optional<SlackChannelConfiguration> chat() {
    return chat;
  }

  /**
   * CloudWatch alarms of this account whose names start with {@code prefix}. An ordered map: with
   * {@code Map.of} the two operators change places from one synthesis to the next.
   */
  private static Map<String, Object> alarmsOfThisAccount(Stack stack, String prefix) {
    Map<String, Object> conditions = new LinkedHashMap<>();
    conditions.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
    conditions.put(
        "ArnLike",
        Map.of(
            "aws:SourceArn",
            stack.formatArn(
                ArnComponents.builder()
                    .service("cloudwatch")
                    .resource("alarm")
                    .resourceName(prefix + "*")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                    .build())));
    return conditions;
  }
}
