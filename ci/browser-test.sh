#!/usr/bin/env bash
# End-to-end browser test: Debian's Chromium, driven by playwright-core (e2e/), against the
# packaged service on PORT (default 18180). Screenshots go to ci-output/screenshots/, the
# service's log to ci-output/browser-test-service.log.
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PORT="${PORT:-18180}"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
BASE_URL="http://127.0.0.1:$PORT"
OUT="$PWD/ci-output"
JAR=service/target/quarkus-app/quarkus-run.jar
mkdir -p "$OUT/screenshots"

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "== installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "== chromium $(dpkg-query -W -f '${Version}' chromium 2>/dev/null || echo "at $CHROMIUM_PATH")"

node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (playwright-core); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

echo "== npm ci (e2e/)"
(cd e2e && timeout 300 npm ci --no-audit --no-fund --loglevel=error)

# Reuse the packaged app when it is newer than every source (as after ./mvnw verify).
if [ ! -f "$JAR" ] || [ -n "$(find service/src service/pom.xml pom.xml -newer "$JAR" -print -quit)" ]; then
  echo "== packaging the service"
  ./mvnw -B -q --no-transfer-progress -pl service -am package -DskipTests
fi

if curl -s -o /dev/null "$BASE_URL/"; then
  echo "Something already answers on port $PORT; set PORT to a free port." >&2
  exit 1
fi

echo "== starting the service on port $PORT"
PORT="$PORT" SHUTDOWN_DELAY=0s "$JAVA_HOME/bin/java" -jar "$JAR" >"$OUT/browser-test-service.log" 2>&1 &
service_pid=$!
stop_service() {
  if kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid"
    for _ in $(seq 1 60); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  wait "$service_pid" 2>/dev/null || true
}
trap stop_service EXIT

ready=false
for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "$BASE_URL/q/health/ready"; then
    ready=true
    break
  fi
  if ! kill -0 "$service_pid" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [ "$ready" != true ]; then
  echo "The service did not become ready; its log:" >&2
  tail -n 40 "$OUT/browser-test-service.log" >&2
  exit 1
fi

echo "== browser test against $BASE_URL"
(cd e2e && BASE_URL="$BASE_URL" SCREENSHOT_DIR="$OUT/screenshots" CHROMIUM_PATH="$CHROMIUM_PATH" \
  timeout 300 npm test --silent)

echo "== screenshots:"
ls -1 "$OUT/screenshots"
