#!/usr/bin/env bash
# Prints the path of this module's deployment file, deploy-hook/target/deploy-hook.jar, after
# building it (Maven, output to stderr) when it is missing or older than its sources or either pom:
# the Lambda functions' code for the CDK app (infra/cdk-app.sh), the supply-chain command for
# buildspec/deploy-app.sh's signature check, and the CLI tests' fixture.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd -P)"
jar="$module/target/deploy-hook.jar"
if [[ ! -s "$jar" ]] || [[ -n "$(find "$module/src" "$module/pom.xml" "$module/../pom.xml" -newer "$jar" -print -quit)" ]]; then
  "$module/../mvnw" -B -q -f "$module/../pom.xml" -pl deploy-hook package -DskipTests >&2
  # Maven leaves a jar whose contents did not change as it was: it is current all the same.
  touch "$jar"
fi
echo "$jar"
