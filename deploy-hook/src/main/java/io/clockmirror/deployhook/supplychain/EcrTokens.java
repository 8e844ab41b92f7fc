package io.clockmirror.deployhook.supplychain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an ECR GetAuthorizationToken answer (API and CLI alike): the first authorizationData's
 * token is base64 of {@code AWS:<password>}, which the registry takes as HTTP Basic credentials (<a
 * href="https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html">registry
 * authentication</a>).
 */
final class EcrTokens {

  /** An ECR registry host; group 1 is its region. */
  private static final Pattern ECR_HOST =
      Pattern.compile("\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  private EcrTokens() {}

  /**
   * The region of an ECR registry host: a login token is for the registries of the region it was
   * asked in. Empty for any other host.
   */
  static Optional<String> region(String host) {
    Matcher ecr = ECR_HOST.matcher(host == null ? "" : host);
    return ecr.matches() ? Optional.of(ecr.group(1)) : Optional.empty();
  }

  static String authorization(Map<?, ?> answer) {
    List<?> data = Json.list(answer, "authorizationData");
    if (data.isEmpty() || !(data.getFirst() instanceof Map<?, ?> first)) {
      throw new IllegalArgumentException("the ECR answer holds no authorizationData");
    }
    return "Basic " + Json.string(first, "authorizationToken");
  }
}
