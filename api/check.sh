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

source lib/common.sh
cm_use_jdk25
# Both tools would otherwise report usage or look for updates over the network.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
PORT="${PORT:-18720}"
BASE_URL="http://127.0.0.1:$PORT"
OUT="$PWD/ci-output/api-contract"
GENERATOR_VERSION=7.25.0
GENERATOR="api/target/openapi-generator-cli-$GENERATOR_VERSION.jar"
mkdir -p "$OUT"

node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [[ -z "$node_major" || "$node_major" -lt 20 ]]; then
  cm_die "Node.js 20 or newer is needed (Redocly CLI, Spectral); found: $(node --version 2>/dev/null || echo none)"
fi
cm_require_commands curl
PYTHON="$(cm_python_with_yaml)"

echo "== npm ci (api/)"
(cd api && timeout 300 npm ci --no-audit --no-fund --prefer-offline --loglevel=error)

if [[ ! -f "$GENERATOR" ]]; then
  echo "== fetching openapi-generator-cli $GENERATOR_VERSION"
  ./mvnw -B -q -N --no-transfer-progress org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.openapitools:openapi-generator-cli:$GENERATOR_VERSION" -DoutputDirectory=api/target
fi

cm_package_service
cm_require_free_ports "$PORT"
echo "== starting the service on port $PORT"
cm_service_start "$PORT" "$OUT/service.log" SHUTDOWN_DELAY=0s
service_pid=$CM_SERVICE_PID
trap 'cm_stop "$service_pid" 30' EXIT
cm_service_wait_ready "$PORT" 60 "$service_pid"

curl -sf -o "$OUT/openapi.yaml" "$BASE_URL/openapi"
curl -sf -o "$OUT/openapi.json" "$BASE_URL/openapi?format=json"
curl -sf -o "$OUT/swagger.json" "$BASE_URL/swagger.json"

echo "== PyYAML $("$PYTHON" -c 'import yaml; print(yaml.__version__)'): /openapi read as YAML 1.1 equals /openapi?format=json"
"$PYTHON" api/yaml_equals_json.py "$OUT/openapi.yaml" "$OUT/openapi.json"

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
