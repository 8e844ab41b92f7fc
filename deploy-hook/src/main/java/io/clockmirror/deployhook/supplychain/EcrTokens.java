package io.clockmirror.deployhook.supplychain;

import java.util.List;
import java.util.Map;

/**
 * Reads an ECR GetAuthorizationToken answer (API and CLI alike): the first authorizationData's
 * token is base64 of {@code AWS:<password>}, which the registry takes as HTTP Basic credentials (<a
 * href="https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html">registry
 * authentication</a>).
 */
final class EcrTokens {

  private EcrTokens() {}

  static String authorization(Map<?, ?> answer) {
    List<?> data = Json.list(answer, "authorizationData");
    if (data.isEmpty() || !(data.getFirst() instanceof Map<?, ?> first)) {
      throw new IllegalArgumentException("the ECR answer holds no authorizationData");
    }
    return "Basic " + Json.string(first, "authorizationToken");
  }
}
