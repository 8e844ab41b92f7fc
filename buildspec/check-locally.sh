#!/usr/bin/env bash
# The delivery pipeline's checks that need no AWS account, for .ci/run (after the README test
# command, which .ci/run runs as the UnitTest buildspec):
#   1. the Python tests of the buildspec runner, the image build step's refusals and the image
#      layout converter (buildspec/test_*.py);
#   2. the StaticAnalysis action's buildspec, run on this machine (the whole app synthesized,
#      cfn-lint on every template);
#   3. what the deploy buildspecs would run here and what they leave to AWS (--plan);
#   4. the SmokeTest action's buildspec against the packaged service on 127.0.0.1:SMOKE_PORT
#      (default 18480), started with a stand-in image identity that the smoke test expects; the
#      smoke script against the same service expecting the next build's tag, as when an old task
#      answers, and against a stand-in that gives a wrong answer on SMOKE_PORT+1: both must fail.
# Needs the packaged app (service/target/quarkus-app), i.e. ./mvnw verify first.
# `buildspec/check-locally.sh --install-only` only installs what the buildspec runner and the smoke
# test need.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_use_jdk25
export AWS_EC2_METADATA_DISABLED=true

cm_require_commands jq curl
python="$(cm_python_with_yaml)"
if [[ "${1:-}" == --install-only ]]; then
  exit 0
fi

echo "== the buildspec runner's, the image build step's and the layout converter's tests"
PYTHONDONTWRITEBYTECODE=1 "$python" -m unittest discover -s buildspec -p 'test_*.py'

echo "== pipeline StaticAnalysis action, locally: buildspec/run-local.sh static-analysis"
buildspec/run-local.sh static-analysis

for name in docker-build deploy-ecr deploy-app; do
  echo "== pipeline action buildspec/$name.yml: plan (needs Docker or AWS, not run here)"
  buildspec/run-local.sh --plan "$name"
done

port="${SMOKE_PORT:-18480}"
wrong_port=$((port + 1))
cm_require_free_ports "$port" "$wrong_port"
logs=target/pipeline-checks
mkdir -p "$logs"
pids=()
cleanup() {
  # The service drains for its shutdown delay; stopping waits, so the ports are free on return.
  for pid in "${pids[@]}"; do cm_stop "$pid" 30; done
}
trap cleanup EXIT

# No image is built here: the packaged service gets the identity an image of a stand-in commit
# would carry, and a stand-in digest shows the record the action would hand on.
version="$(buildspec/project-version.sh)"
commit=1111111111111111111111111111111111111111
tag="$(buildspec/image-tag.sh "$commit")"
echo "== pipeline SmokeTest action, locally, against the packaged service on 127.0.0.1:$port as image $tag"
cm_service_start "$port" "$logs/service-$port.log" CLOCKMIRROR_IMAGE_TAG="$tag" CLOCKMIRROR_IMAGE_COMMIT="$commit"
pids+=("$CM_SERVICE_PID")
rm -rf target/promotion
SERVICE_URL="http://127.0.0.1:$port" IMAGE_VERSION="$version" ENV_NAME=local \
  IMAGE_TAG="$tag" IMAGE_DIGEST="sha256:$(printf 'local' | sha256sum | cut -d' ' -f1)" \
  SMOKE_ATTEMPTS=60 SMOKE_INTERVAL=0.5 buildspec/run-local.sh smoke-test
grep -qx "ENVIRONMENT=local" target/promotion/promotion.env || cm_die "the smoke test recorded no promotion"

# smoke_fails NAME REASON URL [NAME=VALUE...]: the smoke script against URL must fail with REASON.
smoke_fails() {
  local name="$1" reason="$2" url="$3" err="$logs/smoke-${1// /-}.err"
  shift 3
  if env "$@" SMOKE_ATTEMPTS=20 SMOKE_INTERVAL=0.25 buildspec/smoke-test.sh "$url" 2>"$err"; then
    cm_die "the smoke test passed $name"
  fi
  grep -qF "SMOKE FAIL: $reason" "$err" || {
    echo "the smoke test failed $name for another reason:" >&2
    cat "$err" >&2
    exit 1
  }
  echo "ok   $name rejected: $(cat "$err")"
}

next_tag="$(buildspec/image-tag.sh 2222222222222222222222222222222222222222)"
echo "== the smoke test fails when an old task answers: the service on 127.0.0.1:$port is $tag, the deploy is $next_tag"
smoke_fails "an old task" \
  "GET /q/info: reports image tag '$tag', expected '$next_tag': another build answered" \
  "http://127.0.0.1:$port" EXPECTED_IMAGE_TAG="$next_tag"

echo "== the smoke test fails on a wrong answer (stand-in on 127.0.0.1:$wrong_port)"
"$python" buildspec/wrong-answer-server.py "$wrong_port" >"$logs/wrong-answer-$wrong_port.log" 2>&1 &
pids+=($!)
smoke_fails "a wrong answer" "GET /clock?mirror_time=12:22: body" "http://127.0.0.1:$wrong_port"
echo "pipeline checks passed"
