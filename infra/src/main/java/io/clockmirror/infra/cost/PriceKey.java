package io.clockmirror.infra.cost;

/** Every price the cost model uses, by its key in the region's price file. */
public enum PriceKey {
  FARGATE_X86_VCPU_HOUR("fargate.x86.vcpuHour"),
  FARGATE_X86_GB_HOUR("fargate.x86.gbHour"),
  FARGATE_ARM64_VCPU_HOUR("fargate.arm64.vcpuHour"),
  FARGATE_ARM64_GB_HOUR("fargate.arm64.gbHour"),
  FARGATE_SPOT_X86_VCPU_HOUR("fargateSpot.x86.vcpuHour"),
  FARGATE_SPOT_X86_GB_HOUR("fargateSpot.x86.gbHour"),
  ALB_HOUR("alb.hour"),
  ALB_LCU_HOUR("alb.lcuHour"),
  INTERFACE_ENDPOINT_AZ_HOUR("vpcEndpoint.interface.azHour"),
  NAT_GATEWAY_HOUR("natGateway.hour"),
  PUBLIC_IPV4_HOUR("publicIpv4.hour"),
  DATA_TRANSFER_OUT_GB("dataTransferOut.internetGb"),
  WAF_WEB_ACL_MONTH("waf.webAclMonth"),
  WAF_RULE_MONTH("waf.ruleMonth"),
  WAF_MILLION_REQUESTS("waf.millionRequests"),
  KMS_KEY_MONTH("kms.keyMonth"),
  SECRET_MONTH("secretsManager.secretMonth"),
  ALARM_METRIC_MONTH("cloudwatch.alarmMetricMonth"),
  HIGH_RESOLUTION_ALARM_METRIC_MONTH("cloudwatch.highResolutionAlarmMetricMonth"),
  DASHBOARD_MONTH("cloudwatch.dashboardMonth"),
  METRIC_MONTH("cloudwatch.metricMonth"),
  LOGS_INGEST_GB("logs.ingestGb"),
  LOGS_STORE_GB_MONTH("logs.storeGbMonth"),
  LOGS_VENDED_TO_S3_GB("logs.vendedToS3Gb"),
  ECR_STORAGE_GB_MONTH("ecr.storageGbMonth"),
  S3_STANDARD_GB_MONTH("s3.standardGbMonth"),
  LAMBDA_GB_SECOND("lambda.gbSecond"),
  LAMBDA_MILLION_REQUESTS("lambda.millionRequests");

  private final String key;

  PriceKey(String key) {
    this.key = key;
  }

  /** The key in the price file. */
  public String key() {
    return key;
  }
}
