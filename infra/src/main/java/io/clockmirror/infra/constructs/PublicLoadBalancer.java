package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * An internet-facing application load balancer in the public subnets, forwarding to one target
 * group of IP targets (Fargate tasks).
 *
 * <p>Secure defaults: its security group admits only the listener ports from the allowed ranges and
 * sends nothing anywhere until a target group's clients are allowed explicitly; invalid header
 * fields are dropped; access logs go to the given bucket under {@code alb/}. With a certificate it
 * serves HTTPS on 443 and redirects HTTP on 80 to it; without one it serves HTTP on 80.
 */
public final class PublicLoadBalancer extends Construct {

  /**
   * What the load balancer needs to know.
   *
   * @param name the load balancer's name, also the start of its security group's description
   * @param vpc the VPC whose public subnets it is placed in
   * @param allowedCidrs IPv4 ranges allowed to reach the listener ports; at least one
   * @param certificateArn ACM certificate; when present, HTTPS on 443 and a redirect on 80
   * @param accessLogs bucket that receives the access logs (must use S3-managed encryption)
   * @param targetPort port the targets listen on
   * @param readinessPath HTTP path that answers 200 once a target can take traffic
   * @param deregistrationDelay how long a leaving target keeps its in-flight requests
   */
  public record Props(
      String name,
      IVpc vpc,
      List<String> allowedCidrs,
      Optional<String> certificateArn,
      IBucket accessLogs,
      int targetPort,
      String readinessPath,
      Duration deregistrationDelay) {

    public Props {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(vpc, "vpc");
      allowedCidrs = List.copyOf(Objects.requireNonNull(allowedCidrs, "allowedCidrs"));
      Objects.requireNonNull(certificateArn, "certificateArn");
      Objects.requireNonNull(accessLogs, "accessLogs");
      Objects.requireNonNull(readinessPath, "readinessPath");
      Objects.requireNonNull(deregistrationDelay, "deregistrationDelay");
      if (allowedCidrs.isEmpty()) {
        throw new IllegalArgumentException("allowedCidrs must name at least one range");
      }
      if (targetPort < 1 || targetPort > 65535) {
        throw new IllegalArgumentException("not a port: " + targetPort);
      }
    }
  }

  private final SecurityGroup securityGroup;
  private final ApplicationLoadBalancer loadBalancer;
  private final ApplicationTargetGroup targetGroup;
  private final Props props;
  private final String scheme;
  private ApplicationListener listener;

  public PublicLoadBalancer(Construct scope, String id, Props props) {
    super(scope, id);
    this.props = props;
    securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(props.vpc())
            .description(props.name() + " load balancer: listener ports from the allowed ranges")
            .allowAllOutbound(false)
            .build();
    loadBalancer =
        ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
            .loadBalancerName(props.name())
            .vpc(props.vpc())
            .internetFacing(true)
            .vpcSubnets(Network.publicSubnets())
            .securityGroup(securityGroup)
            .dropInvalidHeaderFields(true)
            .build();
    loadBalancer.logAccessLogs(props.accessLogs(), "alb");
    targetGroup = targetGroup("Targets");
    List<Integer> ports = props.certificateArn().map(this::https).orElseGet(this::http);
    scheme = props.certificateArn().isPresent() ? "https" : "http";
    for (String cidr : props.allowedCidrs()) {
      for (int port : ports) {
        securityGroup.addIngressRule(
            Peer.ipv4(cidr), Port.tcp(port), "port " + port + " from " + cidr);
      }
    }
    if (props.allowedCidrs().contains("0.0.0.0/0")) {
      NagSuppressions.addResourceSuppressions(
          securityGroup,
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-EC23")
                  .reason(
                      "A public HTTP API: this environment's allowedCidrs opens the load"
                          + " balancer's listener ports to the internet on purpose.")
                  .build()),
          true);
    }
  }

  /**
   * A second target group exactly like the first one (port, health check, draining) for the new
   * revision of a blue/green, canary or linear deployment.
   */
  public ApplicationTargetGroup addAlternateTargetGroup() {
    return targetGroup("AlternateTargets");
  }

  private ApplicationTargetGroup targetGroup(String id) {
    return ApplicationTargetGroup.Builder.create(this, id)
        .vpc(props.vpc())
        .targetType(TargetType.IP)
        .protocol(ApplicationProtocol.HTTP)
        .port(props.targetPort())
        .deregistrationDelay(props.deregistrationDelay())
        .healthCheck(
            HealthCheck.builder()
                .path(props.readinessPath())
                .healthyHttpCodes("200")
                .interval(Duration.seconds(10))
                .timeout(Duration.seconds(5))
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(3)
                .build())
        .build();
  }

  /** HTTPS on 443 and a redirect from 80; returns the ports to open. */
  private List<Integer> https(String certificateArn) {
    listener =
        loadBalancer.addListener(
            "Https",
            BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTPS)
                .port(443)
                .certificates(List.of(ListenerCertificate.fromArn(certificateArn)))
                .open(false)
                .defaultTargetGroups(List.of(targetGroup))
                .build());
    loadBalancer.addRedirect(
        ApplicationLoadBalancerRedirectConfig.builder()
            .sourceProtocol(ApplicationProtocol.HTTP)
            .sourcePort(80)
            .targetProtocol(ApplicationProtocol.HTTPS)
            .targetPort(443)
            .open(false)
            .build());
    return List.of(80, 443);
  }

  private List<Integer> http() {
    listener =
        loadBalancer.addListener(
            "Http",
            BaseApplicationListenerProps.builder()
                .protocol(ApplicationProtocol.HTTP)
                .port(80)
                .open(false)
                .defaultTargetGroups(List.of(targetGroup))
                .build());
    return List.of(80);
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public ApplicationLoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public ApplicationTargetGroup targetGroup() {
    return targetGroup;
  }

  /** The listener that serves the service: HTTPS on 443 with a certificate, else HTTP on 80. */
  public ApplicationListener listener() {
    return listener;
  }

  /** Where clients reach the service: {@code http(s)://<load balancer DNS name>}. */
  public String url() {
    return scheme + "://" + loadBalancer.getLoadBalancerDnsName();
  }
}
