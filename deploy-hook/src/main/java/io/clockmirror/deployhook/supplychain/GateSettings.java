package io.clockmirror.deployhook.supplychain;

import java.net.URI;
import java.util.Map;

/**
 * The Lambda gate's configuration from its environment:
 *
 * <ul>
 *   <li>{@code SIGNING_KEY_ID} — the KMS key (ARN or alias) whose signature an image must carry;
 *   <li>{@code REGISTRY_URL} — {@code https://<account>.dkr.ecr.<region>.amazonaws.com};
 *   <li>{@code REPOSITORY} — the repository every container image of the revision must come from;
 *   <li>{@code REGISTRY_AUTH} — {@code ecr} (default: a token from GetAuthorizationToken) or {@code
 *       none}.
 * </ul>
 */
record GateSettings(String signingKeyId, URI registry, String repository, boolean ecrAuth) {

  GateSettings {
    if (signingKeyId == null || signingKeyId.isBlank()) {
      throw new IllegalArgumentException("SIGNING_KEY_ID is not set");
    }
    Registry.checkRepository(repository);
  }

  static GateSettings fromEnv(Map<String, String> env) {
    String registry = env.get("REGISTRY_URL");
    if (registry == null || registry.isBlank()) {
      throw new IllegalArgumentException("REGISTRY_URL is not set");
    }
    String repository = env.get("REPOSITORY");
    if (repository == null || repository.isBlank()) {
      throw new IllegalArgumentException("REPOSITORY is not set");
    }
    String auth = env.getOrDefault("REGISTRY_AUTH", "ecr");
    if (!"ecr".equals(auth) && !"none".equals(auth)) {
      throw new IllegalArgumentException("REGISTRY_AUTH is ecr or none, not '" + auth + "'");
    }
    URI uri;
    try {
      uri = URI.create(registry);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("REGISTRY_URL '" + registry + "' is not a URL", e);
    }
    return new GateSettings(env.get("SIGNING_KEY_ID"), uri, repository, "ecr".equals(auth));
  }

  /** {@code host[:port]/repository}, how a task definition names an image of this repository. */
  String imagePrefix() {
    return registry.getRawAuthority() + "/" + repository;
  }
}
