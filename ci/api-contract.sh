#!/usr/bin/env bash
# Checks the API contract of the packaged service with tools written elsewhere, as its users would:
# PyYAML (a YAML 1.1 reader) must read /openapi as the same document as its JSON form; Redocly CLI
# and Spectral lint /openapi and /swagger.json with no error and no warning; OpenAPI Generator
# makes the typescript-fetch client from /openapi, tsc compiles it with api/ts/check.ts, and node
# calls the service through it. Versions are pinned: api/package-lock.json (npm) and GENERATOR
# below (Maven Central). The service runs on PORT (default 18720); what was checked and the
# service's log land in ci-output/api-contract/.
set -euo pipefail
cd "$(dirname "$0")/.."

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Both tools would otherwise report usage or look for updates over the network.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
PORT="${PORT:-18720}"
BASE_URL="http://127.0.0.1:$PORT"
OUT="$PWD/ci-output/api-contract"
GENERATOR_VERSION=7.25.0
GENERATOR="api/target/openapi-generator-cli-$GENERATOR_VERSION.jar"
JAR=service/target/quarkus-app/quarkus-run.jar
mkdir -p "$OUT"

node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (Redocly CLI, Spectral); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
PYTHON=python3
if ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  echo "== installing python3-yaml"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
  PYTHON=/usr/bin/python3
fi

echo "== npm ci (api/)"
(cd api && timeout 300 npm ci --no-audit --no-fund --prefer-offline --loglevel=error)

if [ ! -f "$GENERATOR" ]; then
  echo "== fetching openapi-generator-cli $GENERATOR_VERSION"
  ./mvnw -B -q -N --no-transfer-progress org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.openapitools:openapi-generator-cli:$GENERATOR_VERSION" -DoutputDirectory=api/target
fi

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
PORT="$PORT" SHUTDOWN_DELAY=0s "$JAVA_HOME/bin/java" -jar "$JAR" >"$OUT/service.log" 2>&1 &
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
  tail -n 40 "$OUT/service.log" >&2
  exit 1
fi

curl -sf -o "$OUT/openapi.yaml" "$BASE_URL/openapi"
curl -sf -o "$OUT/openapi.json" "$BASE_URL/openapi?format=json"
curl -sf -o "$OUT/swagger.json" "$BASE_URL/swagger.json"

echo "== PyYAML $("$PYTHON" -c 'import yaml; print(yaml.__version__)'): /openapi read as YAML 1.1 equals /openapi?format=json"
"$PYTHON" - "$OUT/openapi.yaml" "$OUT/openapi.json" <<'PY'
import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    from_yaml = yaml.safe_load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    from_json = json.load(f)
if from_yaml != from_json:
    def walk(a, b, where):
        if type(a) is not type(b) or (not isinstance(a, (dict, list)) and a != b):
            print(f"  {where or '/'}: YAML reads {a!r}, JSON has {b!r}")
        elif isinstance(a, dict):
            for key in sorted(set(a) | set(b), key=str):
                walk(a.get(key), b.get(key), f"{where}/{key}")
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{where}/{i}")
    walk(from_yaml, from_json, "")
    sys.exit("the YAML form does not read as the JSON form")
print("  same document")
PY

failed=0
for document in openapi.yaml swagger.json; do
  echo "== Redocly CLI $(cd api && npx --no-install redocly --version) lint $document (recommended)"
  (cd api && npx --no-install redocly lint --config redocly.yaml --format=stylish "$OUT/$document") || true
  totals="$(cd api && npx --no-install redocly lint --config redocly.yaml --format=json "$OUT/$document" 2>/dev/null \
    | "$PYTHON" -c 'import json, sys; t = json.load(sys.stdin)["totals"]; print(t["errors"], t["warnings"])')" || totals="? ?"
  echo "  errors/warnings: $totals"
  [ "$totals" = "0 0" ] || failed=1

  echo "== Spectral $(cd api && npx --no-install spectral --version) lint $document (spectral:oas)"
  (cd api && npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity=hint "$OUT/$document") || failed=1
done

if [ "$failed" -ne 0 ]; then
  echo "API lint: problems found (above)" >&2
  exit 1
fi
echo "API lint: 0 errors, 0 warnings from Redocly and Spectral on /openapi and /swagger.json"

echo "== OpenAPI Generator $GENERATOR_VERSION: typescript-fetch client from /openapi, compiled with tsc $(cd api && npx --no-install tsc --version)"
rm -rf api/target/ts-client api/target/ts-out
"$JAVA_HOME/bin/java" -jar "$GENERATOR" generate -g typescript-fetch -i "$BASE_URL/openapi" \
  -o api/target/ts-client >"$OUT/typescript-fetch.log" 2>&1 || { tail -n 20 "$OUT/typescript-fetch.log" >&2; exit 1; }
(cd api && npx --no-install tsc -p ts/tsconfig.json)
node api/target/ts-out/ts/check.js "$BASE_URL"
