package io.clockmirror.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for one AWS account as {@code buildspec/deploy-app.sh} and {@code
 * buildspec/live-target-groups.sh} see it: fakes of {@code aws} and of the CDK CLI on {@code PATH}
 * that answer from files in a directory and record every call, with the access key it was made with
 * ({@code own} for the caller's own credentials).
 *
 * <p>Each answer is what the AWS CLI prints after its {@code --query}, in the shapes of the AWS CLI
 * reference: {@code sts get-caller-identity} (Account), {@code sts assume-role} (Credentials with
 * AccessKeyId, SecretAccessKey, SessionToken, Expiration), {@code cloudformation describe-stacks}
 * (Stacks[0].StackStatus as text, Stacks[0].Outputs as a list of OutputKey/OutputValue, and the
 * ValidationError "Stack with id ... does not exist" for a missing stack), {@code elbv2
 * describe-rules} (Rules[] with Actions[] of Type forward and ForwardConfig.TargetGroups[] of
 * TargetGroupArn/Weight), {@code ssm get-parameter} (Parameter.Value as text, or
 * ParameterNotFound).
 */
final class FakeAccount {

  static final String LOOKUP_KEY = "ASIALOOKUPROLEKEY";

  private final Path directory;

  FakeAccount(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory.resolve("rules"));
    Files.writeString(directory.resolve("calls"), "");
    Files.writeString(directory.resolve("status"), "");
    Files.writeString(directory.resolve("outputs.json"), "[]");
    Files.writeString(directory.resolve("parameters.json"), "[]");
    Files.writeString(directory.resolve("ssm"), "");
    ScriptProcess.executable(
        directory.resolve("aws"),
        """
        #!/usr/bin/env bash
        state="$(dirname "$0")"
        echo "${AWS_ACCESS_KEY_ID:-own} $*" >> "$state/calls"
        arg() { local want="$1"; shift; while [[ $# -gt 0 ]]; do [[ "$1" == "$want" ]] && { echo "$2"; return; }; shift; done; }
        case "$1 $2" in
          "sts get-caller-identity") echo "${FAKE_CALLER_ACCOUNT:-111111111111}" ;;
          "sts assume-role")
            [[ -z "${FAKE_ASSUME_ROLE_ERROR:-}" ]] || { echo "$FAKE_ASSUME_ROLE_ERROR" >&2; exit 254; }
            arg --role-arn "$@" >> "$state/assumed"
            printf '{"AccessKeyId": "%s", "SecretAccessKey": "secret", "SessionToken": "token", "Expiration": "2026-12-06T12:00:00+00:00"}\\n' "$FAKE_LOOKUP_KEY" ;;
          "cloudformation describe-stacks")
            if [[ ! -s "$state/status" ]]; then
              echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id $(arg --stack-name "$@") does not exist" >&2
              exit 254
            fi
            case "$(arg --query "$@")" in
              "Stacks[0].StackStatus")
                head -n 1 "$state/status"
                # Each read moves on to the next status; the last one stays.
                if [[ $(wc -l < "$state/status") -gt 1 ]]; then sed -i 1d "$state/status"; fi ;;
              "Stacks[0].Outputs") cat "$state/outputs.json" ;;
              "Stacks[0].Parameters") cat "$state/parameters.json" ;;
              *) echo "unexpected query $*" >&2; exit 99 ;;
            esac ;;
          "ssm get-parameter")
            value="$(awk -v n="$(arg --name "$@")" '$1 == n {print $2}' "$state/ssm")"
            [[ -n "$value" ]] || { echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: " >&2; exit 254; }
            echo "$value" ;;
          "elbv2 describe-rules")
            rule="$(arg --rule-arns "$@")"
            cat "$state/rules/${rule##*/}.json" ;;
          *) echo "unexpected aws $*" >&2; exit 99 ;;
        esac
        """);
    // The supply-chain command's verify, as buildspec/deploy-app.sh calls it: "SIGNED: ..." and
    // exit 0, or, once unsigned() was called, "NOT SIGNED: ..." and exit 1.
    ScriptProcess.executable(
        directory.resolve("supply-chain"),
        """
        #!/usr/bin/env bash
        state="$(dirname "$0")"
        echo "${AWS_ACCESS_KEY_ID:-own} $*" >> "$state/signature-checks"
        if [[ -e "$state/unsigned" ]]; then
          echo "NOT SIGNED: unsigned: prod-clockmirror@sha256:aaaa has no signature" >&2
          exit 1
        fi
        echo "SIGNED: tag is sha256:aaaa; prod-clockmirror@sha256:aaaa is signed by the signing key"
        """);
    ScriptProcess.executable(
        directory.resolve("cdk"),
        """
        #!/usr/bin/env bash
        state="$(dirname "$0")"
        printf '%s\\n' "$@" > "$state/cdk-arguments"
        while [[ $# -gt 0 ]]; do [[ "$1" == --outputs-file ]] && out="$2"; shift; done
        echo '{"prod-clockmirror-app": {"ServiceUrl": "http://prod.example"}}' > "$out"
        """);
  }

  /** The stack's status on each successive read, the last one staying; none: no stack. */
  void stackStatus(String... statuses) throws IOException {
    Files.writeString(
        directory.resolve("status"),
        statuses.length == 0 ? "" : String.join("\n", statuses) + "\n");
  }

  /** The stack's parameters as they were last deployed. */
  void stackParameters(Map<String, String> parameters) throws IOException {
    Files.writeString(
        directory.resolve("parameters.json"),
        keyValues(parameters, "ParameterKey", "ParameterValue"));
  }

  private static String keyValues(Map<String, String> values, String keyName, String valueName) {
    StringBuilder json = new StringBuilder("[");
    values.forEach(
        (key, value) ->
            json.append(json.length() > 1 ? ", " : "")
                .append("{\"" + keyName + "\": \"")
                .append(key)
                .append("\", \"" + valueName + "\": \"")
                .append(value)
                .append("\"}"));
    return json.append("]").toString();
  }

  /** A Parameter Store value. */
  void parameter(String name, String value) throws IOException {
    Files.writeString(
        directory.resolve("ssm"), name + " " + value + "\n", StandardOpenOption.APPEND);
  }

  /** The stack's outputs. */
  void outputs(Map<String, String> outputs) throws IOException {
    Files.writeString(
        directory.resolve("outputs.json"), keyValues(outputs, "OutputKey", "OutputValue"));
  }

  /** The live forward action of the rule whose ARN ends in {@code ruleId}. */
  void rule(String ruleArn, Map<String, Integer> weightByTargetGroup) throws IOException {
    StringBuilder groups = new StringBuilder();
    weightByTargetGroup.forEach(
        (group, weight) ->
            groups
                .append(groups.isEmpty() ? "" : ", ")
                .append("{\"TargetGroupArn\": \"")
                .append(group)
                .append("\", \"Weight\": ")
                .append(weight)
                .append("}"));
    Files.writeString(
        directory
            .resolve("rules")
            .resolve(ruleArn.substring(ruleArn.lastIndexOf('/') + 1) + ".json"),
        """
        {"Rules": [{"RuleArn": "%s", "Priority": "10", "IsDefault": false,
          "Actions": [{"Type": "forward", "Order": 1,
            "ForwardConfig": {"TargetGroups": [%s],
              "TargetGroupStickinessConfig": {"Enabled": false}}}]}]}
        """
            .formatted(ruleArn, groups));
  }

  /** From now on the image has no signature by the signing key. */
  void unsigned() throws IOException {
    Files.writeString(directory.resolve("unsigned"), "");
  }

  /** Every signature check, as {@code <access key> <arguments>}. */
  List<String> signatureChecks() throws IOException {
    Path checks = directory.resolve("signature-checks");
    return Files.exists(checks) ? Files.readAllLines(checks) : List.of();
  }

  /** Every {@code aws} call, as {@code <access key> <arguments>}. */
  List<String> calls() throws IOException {
    return Files.readAllLines(directory.resolve("calls"));
  }

  /** The roles assumed, in order. */
  List<String> assumedRoles() throws IOException {
    Path assumed = directory.resolve("assumed");
    return Files.exists(assumed) ? Files.readAllLines(assumed) : List.of();
  }

  /** The arguments of the one {@code cdk} run, or none. */
  List<String> cdkArguments() throws IOException {
    Path arguments = directory.resolve("cdk-arguments");
    return Files.exists(arguments) ? Files.readAllLines(arguments) : List.of();
  }

  /** The environment that puts these fakes first. */
  Map<String, String> environment() {
    return Map.of(
        "PATH",
        directory + ":" + System.getenv("PATH"),
        "CDK",
        directory.resolve("cdk").toString(),
        "FAKE_LOOKUP_KEY",
        LOOKUP_KEY,
        "STACK_POLL_SECONDS",
        "0",
        "SUPPLY_CHAIN",
        directory.resolve("supply-chain").toString());
  }
}
