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
 * A VPC whose workloads have no route to the internet: public subnets for the load balancer only,
 * isolated subnets for the tasks, and VPC endpoints through which the tasks reach ECR, S3 (image
 * layers) and CloudWatch Logs.
 *
 * <p>Fixed defaults: {@value #CIDR} over two availability zones, public {@code /24} subnets that
 * give no instance a public address, isolated {@code /22} subnets named {@code app}, no NAT
 * gateway, and flow logs of all traffic to the log bucket under {@code vpc-flow-logs/}. The
 * interface endpoints are closed until {@link #allowEndpointsFrom} opens them to one group.
 */
public final class Network extends Construct {

  /**
   * What the network needs to know.
   *
   * @param vpcName the VPC's {@code Name} tag
   * @param flowLogs bucket that receives the VPC flow logs
   */
  public record Props(String vpcName, IBucket flowLogs) {

    public Props {
      Objects.requireNonNull(vpcName, "vpcName");
      Objects.requireNonNull(flowLogs, "flowLogs");
    }
  }

  static final String CIDR = "10.40.0.0/16";

  private final Vpc vpc;
  private final List<InterfaceVpcEndpoint> endpoints = new ArrayList<>();

  public Network(Construct scope, String id, Props props) {
    super(scope, id);
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .vpcName(props.vpcName())
            .ipAddresses(IpAddresses.cidr(CIDR))
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .mapPublicIpOnLaunch(false)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("app")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(22)
                        .build()))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(isolatedSubnets()))
                        .build()))
            .flowLogs(
                Map.of(
                    "All",
                    FlowLogOptions.builder()
                        .destination(FlowLogDestination.toS3(props.flowLogs(), "vpc-flow-logs/"))
                        .trafficType(FlowLogTrafficType.ALL)
                        .build()))
            .build();
    markKnownRedundantDependency();
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
   * Lets {@code clients} (the tasks) use the endpoints: HTTPS out of the group, into each endpoint.
   * The isolated subnets have no other route, so HTTPS reaches nothing else but S3 through the
   * gateway endpoint.
   */
  public void allowEndpointsFrom(ISecurityGroup clients, String description) {
    clients.addEgressRule(
        Peer.anyIpv4(), Port.tcp(443), "HTTPS to the VPC endpoints (ECR, S3, CloudWatch Logs)");
    endpoints.forEach(
        endpoint -> endpoint.getConnections().allowDefaultPortFrom(clients, description));
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
