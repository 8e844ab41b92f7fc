#!/usr/bin/env bash
# CI part for reliability, run after ./mvnw verify (which runs the HTTP fuzz test): installs the
# load tools if absent, checks Swagger UI under its CSP in Chromium, runs a short soak and the
# cluster script, then prints the figures in one block.
#
# Environment: SOAK_DURATION (default 60s); the scripts' own port settings (SWAGGER_CSP_PORT,
# SOAK_PORT, CLUSTER_BASE_PORT) pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_require_commands wrk haproxy curl chromium

OUT=target/reliability
mkdir -p "$OUT"
status=0
reliability/swagger-csp.sh | tee "$OUT/swagger-csp.txt" || status=1
reliability/soak.sh "${SOAK_DURATION:-60s}" | tee "$OUT/soak.txt" || status=1
reliability/cluster.sh | tee "$OUT/cluster.txt" || status=1

echo "== reliability figures"
grep -ho 'FUZZ .*' service/target/surefire-reports/TEST-io.clockmirror.web.HttpFuzzTest.xml 2>/dev/null \
  | head -1 || echo "FUZZ figures not found (run ./mvnw verify first)"
grep -h '^SWAGGER_CSP \|^SOAK \|^CLUSTER ' "$OUT/swagger-csp.txt" "$OUT/soak.txt" "$OUT/cluster.txt" || true
exit "$status"
