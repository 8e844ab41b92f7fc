package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The VPC of one environment, in one of two shapes ({@link Placement}). {@code ISOLATED}: the
 * workloads have no route to the internet: public subnets for the load balancer only, isolated
 * subnets for the tasks, and VPC endpoints through which the tasks reach ECR, S3 (image layers) and
 * CloudWatch Logs. {@code PUBLIC}: public subnets only, where the tasks run with public addresses
 * and reach those services over the internet, with no endpoints to pay for by the hour (what ECS
 * Express Mode and a default VPC do); their security group still admits only the load balancer.
 *
 * <p>Fixed defaults: {@value #CIDR} over two availability zones, public {@code /24} subnets that
 * give no instance a public address unless it asks for one, isolated {@code /22} subnets named
 * {@code app}, no NAT gateway, and flow logs of all traffic to the log bucket under {@code
 * vpc-flow-logs/}. The interface endpoints are closed until {@link #allowTasks} opens them to the
 * tasks' group.
 */
public final class Network extends Construct {

  /** Where the tasks run, and how they reach ECR, S3 and CloudWatch Logs. */
  public enum Placement {
    /** Isolated subnets, no route to the internet, VPC endpoints (about $48 a month in two AZs). */
    ISOLATED,
    /** Public subnets with a public address per task, over the internet, no endpoints. */
    PUBLIC
  }

  /**
   * What the network needs to know.
   *
   * @param vpcName the VPC's {@code Name} tag
   * @param flowLogs bucket that receives the VPC flow logs
   * @param placement where the tasks run
   */
  public record Props(String vpcName, IBucket flowLogs, Placement placement) {

    public Props {
      Objects.requireNonNull(vpcName, "vpcName");
      Objects.requireNonNull(flowLogs, "flowLogs");
      Objects.requireNonNull(placement, "placement");
    }
  }

  static final String CIDR = "10.40.0.0/16";

  private final Vpc vpc;
  private final Placement placement;
  private final List<InterfaceVpcEndpoint> endpoints = new ArrayList<>();

  public Network(Construct scope, String id, Props props) {
    super(scope, id);
    placement = props.placement();
    boolean isolated = placement == Placement.ISOLATED;
    List<SubnetConfiguration> subnets = new ArrayList<>();
    subnets.add(
        SubnetConfiguration.builder()
            .name("public")
            .subnetType(SubnetType.PUBLIC)
            .cidrMask(24)
            .mapPublicIpOnLaunch(false)
            .build());
    if (isolated) {
      subnets.add(
          SubnetConfiguration.builder()
              .name("app")
              .subnetType(SubnetType.PRIVATE_ISOLATED)
              .cidrMask(22)
              .build());
    }
    Vpc.Builder builder =
        Vpc.Builder.create(this, "Vpc")
            .vpcName(props.vpcName())
            .ipAddresses(IpAddresses.cidr(CIDR))
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(subnets);
    if (isolated) {
      builder.gatewayEndpoints(
          Map.of(
              "S3",
              GatewayVpcEndpointOptions.builder()
                  .service(GatewayVpcEndpointAwsService.S3)
                  .subnets(List.of(isolatedSubnets()))
                  .build()));
    }
    vpc =
        builder
            .flowLogs(
                Map.of(
                    "All",
                    FlowLogOptions.builder()
                        .destination(FlowLogDestination.toS3(props.flowLogs(), "vpc-flow-logs/"))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
            .build();
    markKnownRedundantDependency();
    if (isolated) {
      addInterfaceEndpoints();
    }
  }

  private void addInterfaceEndpoints() {
    // Ordered: the endpoints are written in this order on every synthesis.
    Map<String, IInterfaceVpcEndpointService> services = new LinkedHashMap<>();
    services.put("EcrApi", InterfaceVpcEndpointAwsService.ECR);
    services.put("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
    services.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
    services.forEach(
        (name, service) ->
            endpoints.add(
                vpc.addInterfaceEndpoint(
                    name,
                    InterfaceVpcEndpointOptions.builder()
                        .service(service)
                        .subnets(isolatedSubnets())
                        .privateDnsEnabled(true)
                        // Only the group named in allowEndpointsFrom, not the whole VPC range.
                        .open(false)
                        .build())));
  }

  /**
   * Lets {@code tasks} reach ECR, S3 and CloudWatch Logs: HTTPS out of the group, and, isolated,
   * into each endpoint; the isolated subnets have no other route, so HTTPS reaches nothing else but
   * S3 through the gateway endpoint. In public subnets HTTPS goes to those services' public
   * addresses; nothing comes in but what the group admits.
   */
  public void allowTasks(ISecurityGroup tasks, String description) {
    if (placement == Placement.PUBLIC) {
      tasks.addEgressRule(
          Peer.anyIpv4(), Port.tcp(443), "HTTPS to ECR, S3 and CloudWatch Logs over the internet");
      return;
    }
    tasks.addEgressRule(
        Peer.anyIpv4(), Port.tcp(443), "HTTPS to the VPC endpoints (ECR, S3, CloudWatch Logs)");
    endpoints.forEach(
        endpoint -> endpoint.getConnections().allowDefaultPortFrom(tasks, description));
  }

  /** Where the tasks run: the isolated subnets, or the public ones. */
  public SubnetSelection taskSubnets() {
    return placement == Placement.PUBLIC ? publicSubnets() : isolatedSubnets();
  }

  /** Whether each task needs a public address to reach ECR and CloudWatch Logs. */
  public boolean tasksNeedPublicAddresses() {
    return placement == Placement.PUBLIC;
  }

  public Vpc vpc() {
    return vpc;
  }

  public List<InterfaceVpcEndpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  public static SubnetSelection publicSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
  }

  /** The subnets without any route to the internet, where the tasks run. */
  public static SubnetSelection isolatedSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
  }

  /**
   * The VPC's restriction of its default security group is a CDK custom resource whose handler
   * carries an explicit DependsOn on its role beside the GetAtt of it; that part of the template is
   * aws-cdk-lib's own.
   */
  private void markKnownRedundantDependency() {
    if (Stack.of(this).getNode().tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider")
            instanceof Construct provider
        && provider.getNode().tryFindChild("Handler") instanceof CfnResource handler) {
      CfnLint.allowRedundantDependency(handler);
    }
  }
}
