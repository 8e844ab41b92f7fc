package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  /**
   * The worked example of the AWS General Reference (IAM ListUsers, 2015-08-30T12:36:00Z, "Create a
   * signed AWS API request"): its published signature is 5d672d79....
   */
  @Test
  void reproducesTheSignatureOfAwssWorkedExample() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "iam.amazonaws.com");
    headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    Map<String, String> added =
        new SigV4("AKIDEXAMPLE", SECRET, null, "us-east-1")
            .sign(
                "GET",
                "/",
                "Action=ListUsers&Version=2010-05-08",
                headers,
                new byte[0],
                "iam",
                ZonedDateTime.parse("2015-08-30T12:36:00Z"));
    assertThat(added)
        .containsEntry("X-Amz-Date", "20150830T123600Z")
        .containsEntry(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        .doesNotContainKey("X-Amz-Security-Token");
  }

  /** AWS General Reference, "Examples of how to derive a signing key for Signature Version 4". */
  @Test
  void derivesTheSigningKeyOfAwssExample() {
    assertThat(SigV4.hex(SigV4.signingKey(SECRET, "20120215", "us-east-1", "iam")))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void signsTheSessionTokenOfTemporaryCredentials() {
    Map<String, String> added =
        new SigV4("AKID", SECRET, "token-1", "eu-west-1")
            .sign(
                "POST",
                "/",
                "",
                Map.of("host", "kms.eu-west-1.amazonaws.com"),
                "{}".getBytes(),
                "kms",
                ZonedDateTime.parse("2026-01-02T03:04:05Z"));
    assertThat(added).containsEntry("X-Amz-Security-Token", "token-1");
    assertThat(added.get("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKID/20260102/eu-west-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=");
  }

  @Test
  void needsCredentialsAndARegion() {
    assertThatThrownBy(() -> new SigV4(null, SECRET, null, "eu-west-1"))
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
    assertThatThrownBy(() -> new SigV4("AKID", SECRET, null, " "))
        .hasMessageContaining("AWS_REGION");
    assertThat(new SigV4("AKID", SECRET, null, "eu-west-1").toString()).doesNotContain(SECRET);
  }
}
