#!/usr/bin/env bash
# Smoke test of a running clockmirror: the pipeline's SmokeTest action runs it against the load
# balancer after each deploy, CI runs it against the packaged app. Exits non-zero on the first
# wrong answer. The checks are the deployment hook's own (deploy-hook/, docs/deploy-hook.md): this
# runs them from its jar, building the jar first when it is missing or older than its sources.
#
#   buildspec/smoke-test.sh BASE_URL            e.g. http://dev-clockmirror-123.eu-west-1.elb.amazonaws.com
#
# Environment:
#   SMOKE_ATTEMPTS      readiness polls before giving up (default 30)
#   SMOKE_INTERVAL      seconds between polls (default 5)
#   EXPECTED_IMAGE_TAG  when set, /q/info must report this image tag (image.tag)
#   CHECK_TIMEOUT_SECONDS, TEST_HEADER_NAME, TEST_HEADER_VALUE: as for the hook (optional)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 BASE_URL" >&2
  exit 2
fi
cm_use_jdk25
jar="$CM_ROOT/deploy-hook/target/deploy-hook.jar"
if [[ ! -f "$jar" ]] \
  || [[ -n "$(find "$CM_ROOT/deploy-hook/src/main" "$CM_ROOT/deploy-hook/pom.xml" "$CM_ROOT/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$CM_ROOT" && ./mvnw -B -q --no-transfer-progress -pl deploy-hook package -DskipTests)
  # The shade plugin leaves an unchanged jar as it was, old time stamp included.
  touch "$jar"
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$1"
