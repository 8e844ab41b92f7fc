#!/usr/bin/env bash
# End-to-end browser test: Debian's Chromium, driven by playwright-core (e2e/), against the
# packaged service on PORT (default 18180). Screenshots go to ci-output/screenshots/, the
# service's log to ci-output/browser-test-service.log.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh

PORT="${PORT:-18180}"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
BASE_URL="http://127.0.0.1:$PORT"
OUT="$PWD/ci-output"
mkdir -p "$OUT/screenshots"

[[ -x "$CHROMIUM_PATH" ]] || cm_apt_install chromium
cm_require_commands curl
echo "== chromium $(dpkg-query -W -f '${Version}' chromium 2>/dev/null || echo "at $CHROMIUM_PATH")"

node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [[ -z "$node_major" || "$node_major" -lt 20 ]]; then
  cm_die "Node.js 20 or newer is needed (playwright-core); found: $(node --version 2>/dev/null || echo none)"
fi

echo "== npm ci (e2e/)"
(cd e2e && timeout 300 npm ci --no-audit --no-fund --loglevel=error)

cm_package_service
cm_require_free_ports "$PORT"

echo "== starting the service on port $PORT"
cm_service_start "$PORT" "$OUT/browser-test-service.log" SHUTDOWN_DELAY=0s
service_pid=$CM_SERVICE_PID
trap 'cm_stop "$service_pid" 30' EXIT
cm_service_wait_ready "$PORT" 60 "$service_pid"

echo "== browser test against $BASE_URL"
(cd e2e && BASE_URL="$BASE_URL" SCREENSHOT_DIR="$OUT/screenshots" CHROMIUM_PATH="$CHROMIUM_PATH" \
  timeout 300 npm test --silent)

echo "== screenshots:"
ls -1 "$OUT/screenshots"
