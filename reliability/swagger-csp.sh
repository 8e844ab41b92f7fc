#!/usr/bin/env bash
# Swagger UI under its Content-Security-Policy, in a real browser: usage reliability/swagger-csp.sh
# Starts the packaged service on 127.0.0.1:${SWAGGER_CSP_PORT:-18386}, loads /q/swagger-ui/ in
# headless Chromium and checks that the page rendered the /clock operation (its scripts ran) and
# that the browser reported no CSP violation. Exits 1 otherwise.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cm_require_commands chromium curl
PORT="${SWAGGER_CSP_PORT:-18386}"
cm_require_free_ports "$PORT"
cm_package_service
cm_service_start "$PORT" "$OUT/swagger-csp-service.log" SHUTDOWN_DELAY=0s
PID=$CM_SERVICE_PID
trap 'cm_stop "$PID" 20' EXIT
cm_service_wait_ready "$PORT" 60 "$PID"
timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --enable-logging=stderr --v=0 --virtual-time-budget=10000 \
  --dump-dom "http://127.0.0.1:$PORT/q/swagger-ui/" >"$OUT/swagger-dom.html" 2>"$OUT/swagger-chromium.log" || true
RENDERED=$(grep -c 'data-path="/clock"' "$OUT/swagger-dom.html" || true)
VIOLATIONS=$(grep -c 'Content Security Policy' "$OUT/swagger-chromium.log" || true)
echo "SWAGGER_CSP rendered_clock_operation=$RENDERED csp_violations=$VIOLATIONS"
[[ "$RENDERED" -ge 1 && "$VIOLATIONS" -eq 0 ]]
