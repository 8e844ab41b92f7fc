package io.clockmirror.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;

/** What cfn-lint is told about a resource, as resource metadata it reads. */
public final class CfnLint {

  private CfnLint() {}

  /**
   * Switches off cfn-lint's redundant-dependency warning (W3005) for {@code resource} alone. Only
   * for a DependsOn that aws-cdk-lib itself writes beside a Ref or GetAtt of the same resource, so
   * that such a warning on any other resource still shows.
   */
  public static void allowRedundantDependency(CfnResource resource) {
    resource.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
  }
}
