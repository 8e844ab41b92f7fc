package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The alarm topic of each environment: its key, its policies and its subscribers. */
class AlarmTopicTest {

  private static final Template DEV = AppTemplate.dev();
  private static final Template VARIANT = Synth.template(Synth.variant().app());

  @Test
  void theTopicIsEncryptedWithItsOwnRotatedKey() {
    String key = AppTemplate.logicalId("AWS::KMS::Key");

    DEV.hasResourceProperties(
        "AWS::SNS::Topic",
        Map.of(
            "TopicName",
            "dev-clockmirror-alarms",
            "DisplayName",
            "dev-clockmirror-alarms",
            "KmsMasterKeyId",
            Map.of("Fn::GetAtt", List.of(key, "Arn"))));
    DEV.hasResourceProperties(
        "AWS::KMS::Key",
        Match.objectLike(Map.of("EnableKeyRotation", true, "RotationPeriodInDays", 365)));
    DEV.hasResourceProperties(
        "AWS::KMS::Alias",
        Map.of(
            "AliasName",
            "alias/dev-clockmirror-alarms",
            "TargetKeyId",
            Map.of("Fn::GetAtt", List.of(key, "Arn"))));
  }

  @Test
  void theStackNamesTheTopicForSubscribersOutsideIt() {
    DEV.hasOutput("AlarmTopicArn", Map.of("Value", Map.of("Ref", topic())));
  }

  @Test
  void theKeyLetsAlarmsAndRulesPublishAndNamesEveryActionItGrants() {
    List<Object> statements = keyPolicy();

    assertThat(statements).hasSize(3);
    assertThat(statements)
        .contains(
            Map.of(
                "Sid",
                "PublishingByAlarmsAndRules",
                "Effect",
                "Allow",
                "Principal",
                Map.of("Service", List.of("cloudwatch.amazonaws.com", "events.amazonaws.com")),
                "Action",
                List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                "Resource",
                "*"));
    for (Object statement : statements) {
      for (Object action : Json.list(Json.map(statement).get("Action"))) {
        // SNS's documented key policy for publishing services names GenerateDataKey*; no other.
        assertThat(String.valueOf(action))
            .startsWith("kms:")
            .matches(name -> !name.contains("*") || name.equals("kms:GenerateDataKey*"));
      }
    }
    Map<String, Object> admin =
        statements.stream()
            .map(Json::map)
            .filter(statement -> "KeyAdministrationByThisAccount".equals(statement.get("Sid")))
            .findFirst()
            .orElseThrow();
    assertThat(Json.list(admin.get("Action")))
        .contains("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation")
        .doesNotContain("kms:Decrypt");
  }

  @Test
  void theTopicRefusesPublishesWithoutTls() {
    assertThat(topicPolicy())
        .contains(
            Map.of(
                "Sid",
                "AllowPublishThroughSSLOnly",
                "Effect",
                "Deny",
                "Principal",
                "*",
                "Action",
                "sns:Publish",
                "Resource",
                Map.of("Ref", topic()),
                "Condition",
                Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
  }

  @Test
  void cloudWatchMayPublishOnlyForThisEnvironmentsAlarmsAndEventBridgeOnlyForThisAccount() {
    Map<String, String> account = Map.of("Ref", "AWS::AccountId");
    assertThat(topicPolicy())
        .contains(
            Map.of(
                "Sid",
                "CloudWatchAlarmsOfThisAccount",
                "Effect",
                "Allow",
                "Principal",
                Map.of("Service", "cloudwatch.amazonaws.com"),
                "Action",
                "sns:Publish",
                "Resource",
                Map.of("Ref", topic()),
                "Condition",
                Map.of(
                    "StringEquals",
                    Map.of("aws:SourceAccount", account),
                    "ArnLike",
                    Map.of(
                        "aws:SourceArn",
                        Map.of(
                            "Fn::Join",
                            List.of(
                                "",
                                List.of(
                                    "arn:aws:cloudwatch:eu-west-1:",
                                    account,
                                    ":alarm:dev-clockmirror-*")))))),
            Map.of(
                "Sid",
                "EventBridgeRulesOfThisAccount",
                "Effect",
                "Allow",
                "Principal",
                Map.of("Service", "events.amazonaws.com"),
                "Action",
                "sns:Publish",
                "Resource",
                Map.of("Ref", topic()),
                "Condition",
                Map.of("StringEquals", Map.of("aws:SourceAccount", account))));
  }

  @Test
  void withoutAddressesOrChannelThereAreNoSubscribers() {
    DEV.resourceCountIs("AWS::SNS::Subscription", 0);
    DEV.resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 0);
  }

  @Test
  void everyAddressIsSubscribedAndTheSlackChannelGetsTheTopic() {
    String topic = VARIANT.findResources("AWS::SNS::Topic").keySet().iterator().next();
    for (String email : List.of("oncall@example.com", "team@example.org")) {
      VARIANT.hasResourceProperties(
          "AWS::SNS::Subscription",
          Map.of("Protocol", "email", "Endpoint", email, "TopicArn", Map.of("Ref", topic)));
    }
    VARIANT.resourceCountIs("AWS::SNS::Subscription", 2);
    VARIANT.hasResourceProperties(
        "AWS::Chatbot::SlackChannelConfiguration",
        Match.objectLike(
            Map.of(
                "ConfigurationName",
                "qa-clockmirror-alarms",
                "SlackWorkspaceId",
                "T0123ABCDE",
                "SlackChannelId",
                "C0123ABCDE",
                "SnsTopicArns",
                List.of(Map.of("Ref", topic)))));
  }

  @Test
  void theSlackChannelsRoleMayDoNothingInTheAccount() {
    Map<String, Map<String, Object>> roles =
        VARIANT.findResources(
            "AWS::IAM::Role",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "AssumeRolePolicyDocument",
                            Match.objectLike(
                                Map.of(
                                    "Statement",
                                    List.of(
                                        Match.objectLike(
                                            Map.of(
                                                "Principal",
                                                Map.of(
                                                    "Service", "chatbot.amazonaws.com")))))))))));
    assertThat(roles).hasSize(1);
    String role = roles.keySet().iterator().next();

    assertThat(AppTemplate.properties(roles.get(role)))
        .doesNotContainKeys("ManagedPolicyArns", "Policies");
    assertThat(VARIANT.findResources("AWS::IAM::Policy").values())
        .noneMatch(policy -> String.valueOf(policy).contains(role));
    VARIANT.hasResourceProperties(
        "AWS::Chatbot::SlackChannelConfiguration",
        Match.objectLike(
            Map.of(
                "IamRoleArn",
                Map.of("Fn::GetAtt", List.of(role, "Arn")),
                "LoggingLevel",
                "ERROR")));
  }

  private static String topic() {
    return AppTemplate.logicalId("AWS::SNS::Topic");
  }

  private static List<Object> keyPolicy() {
    Map<String, Object> key =
        AppTemplate.properties(DEV.findResources("AWS::KMS::Key").values().iterator().next());
    return Json.list(Json.map(key.get("KeyPolicy")).get("Statement"));
  }

  private static List<Object> topicPolicy() {
    Map<String, Object> policy =
        AppTemplate.properties(
            DEV.findResources("AWS::SNS::TopicPolicy").values().iterator().next());
    assertThat(policy.get("Topics")).isEqualTo(List.of(Map.of("Ref", topic())));
    return Json.list(Json.map(policy.get("PolicyDocument")).get("Statement"));
  }
}
