#!/usr/bin/env bash
# Smoke test of a running clockmirror: the pipeline's SmokeTest action runs it against the load
# balancer after each deploy, CI runs it against the packaged app. Exits non-zero on the first
# wrong answer.
#
#   buildspec/smoke-test.sh BASE_URL            e.g. http://dev-clockmirror-123.eu-west-1.elb.amazonaws.com
#
# Environment:
#   SMOKE_ATTEMPTS    readiness polls before giving up (default 30)
#   SMOKE_INTERVAL    seconds between polls (default 5)
#   EXPECTED_VERSION  when set, /q/info must report this build version
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 BASE_URL" >&2
  exit 2
fi
base="${1%/}"
attempts="${SMOKE_ATTEMPTS:-30}"
interval="${SMOKE_INTERVAL:-5}"
body_file="$(mktemp)"
trap 'rm -f "$body_file"' EXIT

fail() {
  echo "SMOKE FAIL: $*" >&2
  exit 1
}

# GET $1; sets $status and $ctype, leaves the body in $body_file. Connection errors give status 000.
get() {
  local out
  out="$(curl --silent --show-error --max-time 5 --output "$body_file" \
    --write-out '%{http_code} %{content_type}' "$base$1" 2>/dev/null)" || out="000 "
  status="${out%% *}"
  ctype="${out#* }"
}

# A fresh deployment can take a while to pass the load balancer's health checks: poll, bounded.
ready=false
for ((i = 1; i <= attempts; i++)); do
  get /q/health/ready
  if [[ "$status" == 200 ]]; then
    ready=true
    break
  fi
  echo "readiness attempt $i/$attempts: HTTP $status"
  if ((i < attempts)); then
    sleep "$interval"
  fi
done
$ready || fail "$base/q/health/ready never answered 200 ($attempts attempts, ${interval}s apart)"
[[ "$(jq -r .status "$body_file")" == UP ]] || fail "readiness body: $(cat "$body_file")"
echo "ok   GET /q/health/ready -> 200 UP"

expect_exact() {
  local path="$1" want_status="$2" want_ctype="$3" want_body="$4"
  get "$path"
  [[ "$status" == "$want_status" ]] || fail "GET $path: HTTP $status, expected $want_status; body: $(cat "$body_file")"
  [[ "$ctype" == "$want_ctype"* ]] || fail "GET $path: content-type '$ctype', expected '$want_ctype'"
  if [[ -n "$want_body" ]]; then
    [[ "$(cat "$body_file")" == "$want_body" ]] || fail "GET $path: body $(cat "$body_file"), expected $want_body"
  fi
  echo "ok   GET $path -> $status $want_ctype"
}

expect_exact '/clock?mirror_time=12:22' 200 application/json \
  '{"mirror_time":"12:22","actual_time":"11:38"}'
expect_exact '/clock?mirror_time=2:11' 200 application/json \
  '{"mirror_time":"02:11","actual_time":"09:49"}'
expect_exact '/clock?mirror_time=13:20' 400 application/problem+json ''
[[ "$(jq -r .status "$body_file")" == 400 ]] || fail "problem body: $(cat "$body_file")"

if [[ -n "${EXPECTED_VERSION:-}" ]]; then
  get /q/info
  version="$(jq -r .build.version "$body_file" 2>/dev/null || true)"
  [[ "$version" == "$EXPECTED_VERSION" ]] || fail "/q/info reports version '$version', expected '$EXPECTED_VERSION'"
  echo "ok   GET /q/info -> version $version"
fi
echo "smoke test passed: $base"
