package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;

/** Resource strings the way cdk-nag prints them, so a suppression names exactly one finding. */
public final class NagResources {

  private NagResources() {}

  /**
   * {@code resource} resolved in {@code stack}, with references to pseudo parameters written as
   * {@code <AWS::AccountId>}.
   */
  public static String render(Stack stack, String resource) {
    Object resolved = stack.resolve(resource);
    if (resolved instanceof String text) {
      return text;
    }
    if (resolved instanceof Map<?, ?> join && join.get("Fn::Join") instanceof List<?> parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : (List<?>) parts.get(1)) {
        if (part instanceof Map<?, ?> ref && ref.get("Ref") != null) {
          text.append('<').append(ref.get("Ref")).append('>');
        } else {
          text.append(part);
        }
      }
      return text.toString();
    }
    throw new IllegalStateException("cannot render resource " + resolved);
  }

  /** An IAM5 suppression for one wildcard resource. */
  public static NagPackSuppression wildcard(String resource, String reason) {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .appliesTo(List.of("Resource::" + resource))
        .reason(reason)
        .build();
  }
}
