package io.clockmirror.deployhook.supplychain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the three JSON API calls of the Lambda gate, written out instead of
 * pulling in the AWS SDK (its ECS, ECR and KMS clients with their runtime would be several MB in a
 * deployment file of under 1 MB). The algorithm of the AWS General Reference ("Create a signed AWS
 * API request"): canonical request, string to sign, a key derived from the secret by date, region
 * and service, and the Authorization header.
 */
record SigV4(String accessKeyId, String secretAccessKey, String sessionToken, String region) {

  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  SigV4 {
    if (accessKeyId == null
        || accessKeyId.isBlank()
        || secretAccessKey == null
        || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException(
          "no AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("no AWS region (AWS_REGION)");
    }
  }

  /**
   * The headers to add to a request: X-Amz-Date, the session token when there is one, and
   * Authorization over {@code headers} (which must include host) and the payload.
   */
  Map<String, String> sign(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] payload,
      String service,
      ZonedDateTime now) {
    String amzDate = now.withZoneSameInstant(ZoneOffset.UTC).format(AMZ_DATE);
    String date = amzDate.substring(0, 8);
    Map<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.strip()));
    signed.put("x-amz-date", amzDate);
    if (sessionToken != null && !sessionToken.isBlank()) {
      signed.put("x-amz-security-token", sessionToken);
    }
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest =
        String.join(
            "\n",
            method,
            path,
            query,
            signed.entrySet().stream()
                .map(header -> header.getKey() + ":" + header.getValue() + "\n")
                .collect(Collectors.joining()),
            signedHeaders,
            hex(Digest.of(payload).bytes()));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate,
            scope,
            hex(Digest.of(canonicalRequest.getBytes(StandardCharsets.UTF_8)).bytes()));
    byte[] key = signingKey(secretAccessKey, date, region, service);
    String signature = hex(hmac(key, stringToSign));
    Map<String, String> added = new TreeMap<>();
    added.put("X-Amz-Date", amzDate);
    if (signed.containsKey("x-amz-security-token")) {
      added.put("X-Amz-Security-Token", sessionToken);
    }
    added.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + accessKeyId
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return added;
  }

  static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "SigV4[" + accessKeyId + ", " + region + "]";
  }
}
