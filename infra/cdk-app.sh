#!/usr/bin/env bash
# The CDK app command (cdk.json "app"). Runs the compiled app straight from target/, which takes
# seconds; builds it through Maven first only when there is no build yet or a source, the pom or the
# parent pom is newer than the last one (whose class path file is the time stamp).
set -euo pipefail
cd "$(dirname "$0")"

classpath=target/classpath.txt
if [[ ! -s $classpath ]] || [[ -n "$(find src/main pom.xml ../pom.xml -newer "$classpath" -print -quit)" ]]; then
  # Maven's own output would mix with what the CDK CLI prints; it goes to stderr.
  ../mvnw -B -q process-classes >&2
fi

# Environments whose strategy shifts traffic deploy the deploy-hook module's jar as a Lambda
# function; it is built the same way when missing or older than its sources.
if [[ -f ../deploy-hook/pom.xml ]]; then
  ../deploy-hook/jar.sh >/dev/null
fi

java=java
if [[ -n ${JAVA_HOME:-} ]]; then
  java="$JAVA_HOME/bin/java"
fi
# A run of seconds spent mostly waiting on the CDK's JavaScript core: the quick compiler and the
# single-threaded collector cost less CPU than the defaults there.
# CM_INFRA_MAIN runs another main class on the same class path, with this script's arguments
# (cost.sh runs the cost model so).
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -cp "target/classes:$(cat "$classpath")" -Dclockmirror.cdk-json=cdk.json \
  "${CM_INFRA_MAIN:-io.clockmirror.infra.InfraApp}" "$@"
