package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A synthesized CloudFormation template, as JSON: its resources by type and the values of their
 * properties.
 *
 * @param name what the template is called in messages (its stack name)
 * @param root the template's JSON
 */
public record CfnTemplate(String name, JsonNode root) {

  /**
   * One resource.
   *
   * @param logicalId its logical ID
   * @param type its CloudFormation type
   * @param properties its {@code Properties} (a missing node when it has none)
   */
  public record Resource(String logicalId, String type, JsonNode properties) {}

  public CfnTemplate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(root, "root");
    if (!root.path("Resources").isObject()) {
      throw new IllegalArgumentException(name + " is not a CloudFormation template: no Resources");
    }
  }

  /** Every resource of {@code type}, in template order. */
  public List<Resource> resources(String type) {
    List<Resource> found = new ArrayList<>();
    root.path("Resources")
        .properties()
        .forEach(
            entry -> {
              if (type.equals(entry.getValue().path("Type").asText())) {
                found.add(new Resource(entry.getKey(), type, entry.getValue().path("Properties")));
              }
            });
    return found;
  }

  /** The resource with {@code logicalId}, if the template has one. */
  public Optional<Resource> resource(String logicalId) {
    JsonNode resource = root.path("Resources").path(logicalId);
    return resource.isObject()
        ? Optional.of(
            new Resource(logicalId, resource.path("Type").asText(), resource.path("Properties")))
        : Optional.empty();
  }

  /** Whether {@code name} is one of the template's parameters. */
  public boolean hasParameter(String name) {
    return root.path("Parameters").has(name);
  }

  /**
   * The logical ID a {@code Ref} or {@code Fn::GetAtt} names, if {@code value} is one or is an
   * {@code Fn::Join} that starts with one.
   */
  public static Optional<String> reference(JsonNode value) {
    if (value.path("Ref").isTextual()) {
      return Optional.of(value.path("Ref").asText());
    }
    JsonNode getAtt = value.path("Fn::GetAtt");
    if (getAtt.isArray() && getAtt.size() == 2) {
      return Optional.of(getAtt.get(0).asText());
    }
    // An ARN with a path after it, such as a bucket's ARN and a prefix.
    JsonNode join = value.path("Fn::Join");
    if (join.isArray() && join.size() == 2) {
      for (JsonNode part : join.get(1)) {
        Optional<String> found = reference(part);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
