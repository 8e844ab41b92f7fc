package io.clockmirror.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clockmirror.infra.constructs.ServiceMetrics;
import io.clockmirror.infra.settings.CostSettings;
import io.clockmirror.infra.settings.CpuArchitectureChoice;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.OperationsSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model on two small hand-written templates, against dollars worked out here from the price
 * file by hand: one with x86 tasks on Fargate Spot, public addresses and office hours, one with
 * ARM64 tasks in isolated subnets behind interface endpoints.
 */
class CostModelFixtureTest {

  private static final PriceList PRICES = PriceList.forRegion("eu-west-1");
  private static final double MONTH = 730;
  private static final double IMAGE_MB = 57.2;

  private static double p(PriceKey key) {
    return PRICES.usd(key);
  }

  @Test
  void spotTasksWithPublicAddressesAtOfficeHoursCostTheirHoursOnly() {
    CostModel model = model("spot-public-office-hours", Optional.empty());

    // Monday to Friday, 08:00 to 18:00: 50 of the week's 168 hours at 2..4 tasks, the rest at 0.
    double officeHours = 50 * MONTH / 168;
    double spotShare = 3.0 / 4;
    double onDemandTaskHour =
        0.5 * p(PriceKey.FARGATE_X86_VCPU_HOUR) + 1 * p(PriceKey.FARGATE_X86_GB_HOUR);
    double spotTaskHour =
        0.5 * p(PriceKey.FARGATE_SPOT_X86_VCPU_HOUR) + 1 * p(PriceKey.FARGATE_SPOT_X86_GB_HOUR);
    double fixed =
        MONTH * p(PriceKey.ALB_HOUR)
            + 2 * MONTH * p(PriceKey.PUBLIC_IPV4_HOUR)
            + 3 * p(PriceKey.ALARM_METRIC_MONTH)
            + p(PriceKey.DASHBOARD_MONTH)
            + 5 * IMAGE_MB / 1000 * p(PriceKey.ECR_STORAGE_GB_MONTH);
    double tasksAtRest =
        2
            * officeHours
            * ((1 - spotShare) * onDemandTaskHour
                + spotShare * spotTaskHour
                + p(PriceKey.PUBLIC_IPV4_HOUR));

    CostModel.Month idle = model.month(0);
    assertThat(idle.monthlyUsd()).isCloseTo(fixed + tasksAtRest, within(1e-9));
    assertThat(item(idle, "Fargate Spot tasks").count())
        .isCloseTo(1.5 * officeHours / MONTH, within(1e-9));
    assertThat(item(idle, "task public IPv4").count())
        .isCloseTo(2 * officeHours / MONTH, within(1e-9));
    assertThat(idle.items()).extracting(LineItem::item).doesNotContain("interface VPC endpoints");

    // 1,000 req/s: 3,000 requests a task a minute wants 20 tasks; 4 run in office hours.
    double millions = 1000 * 3600 * MONTH / 1e6;
    double lcuHoursPerMillion = 1e6 / 25 / 3600;
    double perRequest =
        millions
            * (lcuHoursPerMillion * p(PriceKey.ALB_LCU_HOUR)
                + 400 / 1e3 * p(PriceKey.DATA_TRANSFER_OUT_GB));
    double busyTasks =
        4
            * officeHours
            * ((1 - spotShare) * onDemandTaskHour
                + spotShare * spotTaskHour
                + p(PriceKey.PUBLIC_IPV4_HOUR));
    CostModel.Month busy = model.month(1000);
    assertThat(busy.monthlyUsd()).isCloseTo(fixed + busyTasks + perRequest, within(1e-6));
    assertThat(busy.notes())
        .anyMatch(note -> note.contains("wants 20 tasks; maxCapacity 4 caps it"))
        .anyMatch(note -> note.contains("at 0 tasks (scheduled)"));

    // A million requests: the per-request charges and 5.56 task-hours at 50 req/s a task.
    double taskHoursPerMillion = 1e6 / (50 * 3600.0);
    double expectedPerMillion =
        lcuHoursPerMillion * p(PriceKey.ALB_LCU_HOUR)
            + 0.4 * p(PriceKey.DATA_TRANSFER_OUT_GB)
            + taskHoursPerMillion
                * ((1 - spotShare) * onDemandTaskHour
                    + spotShare * spotTaskHour
                    + p(PriceKey.PUBLIC_IPV4_HOUR));
    assertThat(model.estimate().perMillionRequestsUsd())
        .isCloseTo(expectedPerMillion, within(1e-9));
  }

  @Test
  void isolatedArm64TasksPayForTheirEndpointsInEveryZone() {
    CostModel model = model("isolated-endpoints-arm64", Optional.of(settings()));

    double taskHour =
        0.25 * p(PriceKey.FARGATE_ARM64_VCPU_HOUR) + 0.5 * p(PriceKey.FARGATE_ARM64_GB_HOUR);
    double healthChecksGb = MONTH * 3600 / 10 * 3 * 500 / 1e9;
    double flowLogs =
        healthChecksGb
            * (p(PriceKey.LOGS_VENDED_TO_S3_GB)
                + p(PriceKey.S3_STANDARD_GB_MONTH) * 30 / (MONTH / 24));
    double idle =
        4 * 3 * MONTH * p(PriceKey.INTERFACE_ENDPOINT_AZ_HOUR)
            + MONTH * p(PriceKey.ALB_HOUR)
            + 3 * MONTH * p(PriceKey.PUBLIC_IPV4_HOUR)
            + 1 * MONTH * taskHour
            + 2 * p(PriceKey.KMS_KEY_MONTH)
            + p(PriceKey.SECRET_MONTH)
            + p(PriceKey.WAF_WEB_ACL_MONTH)
            + 2 * p(PriceKey.WAF_RULE_MONTH)
            // Container Insights: 3 + 10 by cluster, 5 + 10 by service, 10 by task family.
            + 38 * p(PriceKey.METRIC_MONTH)
            + MONTH * 60 * 2400 / 1e9 * p(PriceKey.LOGS_INGEST_GB)
            + 3 * IMAGE_MB / 1000 * p(PriceKey.ECR_STORAGE_GB_MONTH)
            + flowLogs;

    EnvironmentCost cost = model.estimate();
    assertThat(cost.idleMonthlyUsd()).isCloseTo(idle, within(1e-9));
    assertThat(item(model.month(0), "interface VPC endpoints").count()).isEqualTo(12);
    assertThat(cost.notes())
        .containsExactly(
            "minCapacity 1 is cdk.json's: the template reads it from SSM at deploy time (stack"
                + " parameter MinCapacity), which may hold another value");

    // 10 req/s: one task still; the request charges, WAF and the service's metric lines start.
    double millions = 10 * 3600 * MONTH / 1e6;
    double perRequest =
        millions
            * (1e6 / 25 / 3600 * p(PriceKey.ALB_LCU_HOUR)
                + p(PriceKey.WAF_MILLION_REQUESTS)
                + 0.4 * p(PriceKey.DATA_TRANSFER_OUT_GB)
                + 0.06 * p(PriceKey.S3_STANDARD_GB_MONTH) * 30 / (MONTH / 24));
    double metrics =
        6 * p(PriceKey.METRIC_MONTH) + MONTH * 60 * 3 * 1700 / 1e9 * p(PriceKey.LOGS_INGEST_GB);
    assertThat(cost.at().get(10).monthlyUsd()).isCloseTo(idle + perRequest + metrics, within(1e-9));
    assertThat(cost.at().get(10).tasks()).isEqualTo(1);
    assertThat(cost.at().get(1000).tasks()).isEqualTo(3);
    assertThat(cost.wafBreakEven()).isPresent();
  }

  @Test
  void refusesArm64TasksOnFargateSpot() {
    ObjectNode app = fixture("spot-public-office-hours.app.json");
    ((ObjectNode) app.at("/Resources/Task/Properties/RuntimePlatform"))
        .put("CpuArchitecture", "ARM64");

    assertThatThrownBy(
            () -> read(app, fixture("spot-public-office-hours.ecr.json"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Fargate Spot runs only X86_64 Linux tasks");
  }

  @Test
  void refusesSchedulesOutsideTheSupportedSubset() {
    ObjectNode app = fixture("spot-public-office-hours.app.json");
    ((ObjectNode) app.at("/Resources/ScalingTarget/Properties/ScheduledActions/0"))
        .put("Schedule", "cron(0 8 ? * MON#1 *)");

    assertThatThrownBy(
            () -> read(app, fixture("spot-public-office-hours.ecr.json"), Optional.empty()))
        .hasMessageContaining("does not support the schedule 'cron(0 8 ? * MON#1 *)'");
  }

  @Test
  void refusesEnhancedContainerInsights() {
    ObjectNode app = fixture("isolated-endpoints-arm64.app.json");
    ((ObjectNode) app.at("/Resources/Cluster/Properties/ClusterSettings/0"))
        .put("Value", "enhanced");

    assertThatThrownBy(
            () -> read(app, fixture("isolated-endpoints-arm64.ecr.json"), Optional.of(settings())))
        .hasMessageContaining("Container Insights 'enhanced' is not modelled");
  }

  @Test
  void aParameterWithoutCdkJsonSettingsIsAnErrorNotAGuess() {
    assertThatThrownBy(
            () ->
                read(
                    fixture("isolated-endpoints-arm64.app.json"),
                    fixture("isolated-endpoints-arm64.ecr.json"),
                    Optional.empty()))
        .hasMessageContaining("MinCapacity comes from stack parameter MinCapacity")
        .hasMessageContaining("no cdk.json settings were given");
  }

  private static LineItem item(CostModel.Month month, String name) {
    return month.items().stream()
        .filter(item -> item.item().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + name + " in " + month.items()));
  }

  private static CostModel model(String fixture, Optional<EnvironmentSettings> settings) {
    return new CostModel(
        read(fixture(fixture + ".app.json"), fixture(fixture + ".ecr.json"), settings),
        PRICES,
        Assumptions.load());
  }

  private static Inventory read(
      JsonNode app, JsonNode ecr, Optional<EnvironmentSettings> settings) {
    return Inventory.read(
        "qa", new CfnTemplate("qa-app", app), new CfnTemplate("qa-ecr", ecr), settings);
  }

  static ObjectNode fixture(String name) {
    try (InputStream in = CostModelFixtureTest.class.getResourceAsStream("/cost/" + name)) {
      return (ObjectNode) new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The settings the ARM64 fixture was made from: minCapacity 1, read from SSM. */
  private static EnvironmentSettings settings() {
    return new EnvironmentSettings(
        "qa",
        "eu-west-1",
        256,
        512,
        CpuArchitectureChoice.ARM64,
        1,
        3,
        60,
        6000,
        List.of("0.0.0.0/0"),
        Optional.empty(),
        30,
        3,
        500,
        5,
        Set.of(SsmOverridable.MIN_CAPACITY),
        DeploymentSettings.rolling(),
        CostSettings.isolatedOnDemand(),
        new OperationsSettings(
            ServiceMetrics.EMF,
            List.of(),
            Optional.empty(),
            true,
            true,
            true,
            new OperationsSettings.Waf(true, 2000, 500, 30),
            new OperationsSettings.HighCpu(85, 15)),
        true);
  }
}
