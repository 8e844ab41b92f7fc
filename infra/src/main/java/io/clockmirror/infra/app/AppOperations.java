package io.clockmirror.infra.app;

import io.clockmirror.infra.constructs.AlarmTopic;
import io.clockmirror.infra.constructs.DeploymentAlarms;
import io.clockmirror.infra.constructs.FargateApp;
import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.LogQueries;
import io.clockmirror.infra.constructs.OperationsAlarms;
import io.clockmirror.infra.constructs.PublicLoadBalancer;
import io.clockmirror.infra.constructs.ServiceDashboard;
import io.clockmirror.infra.constructs.ServingTargetGroups;
import io.clockmirror.infra.constructs.WebFirewall;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.Names;
import io.clockmirror.infra.settings.OperationsSettings;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;

/**
 * What an operator of one environment sees and is woken by, per its {@code operations} setting: the
 * service's metrics switch, the {@link AlarmTopic}, the {@link WebFirewall} where enabled, the
 * {@link OperationsAlarms}, the saved {@link LogQueries} and the {@link ServiceDashboard}. Adds to
 * the stack's own scope, so the resources keep the logical IDs they have in the app stack.
 */
final class AppOperations {

  private AppOperations() {}

  static void add(
      Stack stack,
      EnvironmentSettings settings,
      PublicLoadBalancer loadBalancer,
      ServingTargetGroups targetGroups,
      FargateApp app,
      DeploymentAlarms alarms,
      FargateAppProps.Scaling scaling) {
    Names names = settings.names();
    OperationsSettings operations = settings.operations();
    operations
        .serviceMetrics()
        .configure(app.taskDefinition().getDefaultContainer(), settings.name());
    AlarmTopic topic =
        new AlarmTopic(
            stack,
            "AlarmTopic",
            new AlarmTopic.Props(
                names.alarmTopic(),
                names.alarmTopicKeyAlias(),
                names.alarm(""),
                operations.alarmEmails(),
                operations.slack().map(slack -> slack.channel(names.chatChannel()))));
    OperationsSettings.Waf waf = operations.waf();
    Optional<WebFirewall> firewall =
        waf.enabled()
            ? Optional.of(
                new WebFirewall(
                    stack,
                    "Firewall",
                    new WebFirewall.Props(
                        names.webAcl(),
                        loadBalancer,
                        waf.rateLimitPer5Minutes(),
                        names.wafLogGroup(),
                        waf.logRetentionDays())))
            : Optional.empty();
    OperationsAlarms notifying =
        new OperationsAlarms(
            stack,
            "Notify",
            new OperationsAlarms.Props(
                names::alarm,
                topic.topic(),
                alarms,
                app.service(),
                scaling.maxCapacity(),
                operations.containerInsights(),
                operations.highCpu().percent(),
                operations.highCpu().minutes(),
                firewall,
                waf.blockedRequestsAlarm(),
                names.criticalFindingsRule(),
                names.imageRepository()));
    new LogQueries(stack, "Queries", new LogQueries.Props(names::logQuery, app.logGroup()));
    if (!operations.dashboard()) {
      CfnOutput.Builder.create(stack, "AlarmTopicArn").value(topic.topic().getTopicArn()).build();
      return;
    }
    new ServiceDashboard(
        stack,
        "Dashboard",
        new ServiceDashboard.Props(
            names.dashboard(),
            settings.name(),
            loadBalancer,
            targetGroups,
            app.service(),
            scaling.minCapacity(),
            scaling.maxCapacity(),
            operations.containerInsights(),
            operations.serviceMetrics(),
            notifying.all(),
            firewall,
            app.logGroup(),
            LogQueries.QUERIES.get("errors")));
    CfnOutput.Builder.create(stack, "AlarmTopicArn").value(topic.topic().getTopicArn()).build();
  }
}
