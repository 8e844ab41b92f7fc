#!/usr/bin/env bash
# The delivery pipeline's checks that need no AWS account, for .ci/run (after the README test
# command, which .ci/run runs as the UnitTest buildspec):
#   1. the StaticAnalysis action's buildspec, run on this machine;
#   2. what the deploy buildspecs would run here and what they leave to AWS (--plan);
#   3. the SmokeTest action's buildspec against the packaged service on 127.0.0.1:18480, and the
#      smoke script against a fake service that gives a wrong answer, which must fail.
# Needs the packaged app (service/target/quarkus-app), i.e. ./mvnw verify first.
# `ci/pipeline-checks.sh --install-only` only installs what the buildspec runner needs.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
export PATH="$JAVA_HOME/bin:$PATH"
export AWS_EC2_METADATA_DISABLED=true

missing=()
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if ! { command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; } \
  && ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
  missing+=(python3 python3-yaml)
fi
if ((${#missing[@]})); then
  echo "== installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ "${1:-}" == --install-only ]]; then
  exit 0
fi

echo "== pipeline StaticAnalysis action, locally: buildspec/run-local.sh static-analysis"
buildspec/run-local.sh static-analysis

for name in docker-build deploy-ecr deploy-app; do
  echo "== pipeline action buildspec/$name.yml: plan (needs Docker or AWS, not run here)"
  buildspec/run-local.sh --plan "$name"
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  # The service drains for its shutdown delay; wait so the ports are free when this returns.
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

echo "== pipeline SmokeTest action, locally, against the packaged service on 127.0.0.1:18480"
PORT=18480 java -jar service/target/quarkus-app/quarkus-run.jar >/tmp/clockmirror-smoke-18480.log 2>&1 &
pids+=($!)
SERVICE_URL=http://127.0.0.1:18480 IMAGE_VERSION="$(ci/project-version.sh)" \
  SMOKE_ATTEMPTS=60 SMOKE_INTERVAL=0.5 buildspec/run-local.sh smoke-test

echo "== the smoke test fails on a wrong answer (fake service on 127.0.0.1:18481)"
python_bin=python3
command -v python3 >/dev/null || python_bin=/usr/bin/python3
"$python_bin" - 18481 >/tmp/clockmirror-smoke-18481.log 2>&1 <<'PY' &
import http.server, sys

class Wrong(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/q/health/ready"):
            body = b'{"status":"UP"}'
        else:
            body = b'{"mirror_time":"12:22","actual_time":"12:22"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Wrong).serve_forever()
PY
pids+=($!)
if SMOKE_ATTEMPTS=20 SMOKE_INTERVAL=0.25 ci/smoke-test.sh http://127.0.0.1:18481 2>/tmp/clockmirror-smoke-wrong.err; then
  echo "the smoke test passed a wrong answer" >&2
  exit 1
fi
grep -q 'SMOKE FAIL: GET /clock?mirror_time=12:22: body' /tmp/clockmirror-smoke-wrong.err || {
  echo "the smoke test failed for another reason:" >&2
  cat /tmp/clockmirror-smoke-wrong.err >&2
  exit 1
}
echo "ok   wrong answer rejected: $(cat /tmp/clockmirror-smoke-wrong.err)"
echo "pipeline checks passed"
