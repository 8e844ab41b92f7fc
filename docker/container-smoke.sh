#!/usr/bin/env bash
# Builds the image from the repository's Dockerfile (or takes one built already), starts it the
# way production does (read-only root file system, tmpfs /tmp, no capabilities), writes to /tmp
# mounted the way Fargate mounts its task volume, and checks it from outside, /q/info reporting
# the identity the image was built with included. Works with docker or podman, needs curl and
# jq; exits non-zero when a check failed.
#
# Environment:
#   CONTAINER_ENGINE   docker or podman (default: docker when its daemon answers, else podman)
#   BUILD_TOOL         how to build: "engine" (default), "buildah" (buildah bud, shares podman's
#                      store), or "none": IMAGE is built already (e.g. by buildspec/build-image.sh)
#   EXPECTED_IMAGE_TAG, EXPECTED_IMAGE_COMMIT
#                      what /q/info must report as image.tag and image.commit (default local and
#                      local: what a build without the identity build arguments reports)
#   BUILD_OPTS         extra build options, e.g. "--isolation chroot --pull=never"
#   RUN_OPTS           extra run options, e.g. "--runtime runc --network host"
#   EXTRA_CA_FILE      PEM file handed to the build as the secret "extra_ca" (TLS-intercepting proxy)
#   SMOKE_PORT         host port for the service (default 18080; SMOKE_PORT+1 is used too)
#   IMAGE              tag to build, or to check with BUILD_TOOL=none (default clockmirror:smoke)
#   DOCKERFILE         the Dockerfile to build (default Dockerfile; a variant shows what a check catches)
set -euo pipefail

cd "$(dirname "$0")/.."

PORT="${SMOKE_PORT:-18080}"
IMAGE="${IMAGE:-clockmirror:smoke}"
DOCKERFILE="${DOCKERFILE:-Dockerfile}"
NAME="clockmirror-smoke-$$"
EXPECTED_IMAGE="${EXPECTED_IMAGE_TAG:-local} ${EXPECTED_IMAGE_COMMIT:-local}"
command -v jq >/dev/null || { echo "container-smoke: needs jq" >&2; exit 1; }
read -r -a build_opts <<<"${BUILD_OPTS:-}"
read -r -a run_opts <<<"${RUN_OPTS:-}"

if [ -z "${CONTAINER_ENGINE:-}" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    CONTAINER_ENGINE=docker
  else
    CONTAINER_ENGINE=podman
  fi
fi
engine() { "$CONTAINER_ENGINE" "$@"; }

failures=0
pass() { echo "PASS  $*"; }
fail() {
  echo "FAIL  $*"
  failures=$((failures + 1))
}
now_ms() { date +%s%3N; }

cleanup() {
  local container
  for container in "$NAME" "$NAME-aot" "$NAME-tmp"; do
    engine rm -f "$container" >/dev/null 2>&1 || true
  done
  engine volume rm -f "$NAME-tmp" >/dev/null 2>&1 || true
  if [ -n "${tmp_host_dir:-}" ]; then rm -rf "$tmp_host_dir"; fi
}
trap cleanup EXIT

# Polls a URL until it answers 200; prints the milliseconds since $1. Gives up after 120 s.
wait_for_200() {
  local start="$1" url="$2" container="$3"
  for _ in $(seq 1 6000); do
    if curl -fs -o /dev/null --max-time 2 "$url"; then
      echo $(($(now_ms) - start))
      return 0
    fi
    if [ "$(engine inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" != true ]; then
      return 1
    fi
    sleep 0.02
  done
  return 1
}

# --- build -------------------------------------------------------------------------------
secret=()
if [ -n "${EXTRA_CA_FILE:-}" ]; then
  secret=(--secret "id=extra_ca,src=$EXTRA_CA_FILE")
fi
if [ "${BUILD_TOOL:-engine}" = none ]; then
  echo "== $IMAGE, built already"
else
  echo "== build $IMAGE with ${BUILD_TOOL:-$CONTAINER_ENGINE}"
  build_start=$(now_ms)
  if [ "${BUILD_TOOL:-engine}" = buildah ]; then
    buildah bud "${build_opts[@]}" "${secret[@]}" -t "$IMAGE" -f "$DOCKERFILE" .
  else
    engine build "${build_opts[@]}" "${secret[@]}" -t "$IMAGE" -f "$DOCKERFILE" .
  fi
  echo "image build: $((($(now_ms) - build_start) / 1000)) s"
fi

size_bytes="$(engine image inspect -f '{{.Size}}' "$IMAGE")"
echo "image size: $((size_bytes / 1000000)) MB ($size_bytes bytes, uncompressed)"
engine history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-110

# --- start -------------------------------------------------------------------------------
echo "== run $IMAGE read-only, tmpfs /tmp, all capabilities dropped, port $PORT"
start=$(now_ms)
engine run -d --name "$NAME" "${run_opts[@]}" \
  --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
  --memory 512m -e PORT="$PORT" -p "127.0.0.1:$PORT:$PORT" "$IMAGE" >/dev/null
base="http://127.0.0.1:$PORT"
if first_ms="$(wait_for_200 "$start" "$base/clock?mirror_time=12:22" "$NAME")"; then
  pass "first 200 on /clock after $first_ms ms (time from 'run' to first response)"
else
  fail "no 200 from /clock within 120 s"
  engine logs "$NAME" 2>&1 | tail -n 40
  exit 1
fi

# --- HTTP checks -------------------------------------------------------------------------
body="$(curl -fsS "$base/clock?mirror_time=12:22")"
expected='{"mirror_time":"12:22","actual_time":"11:38"}'
if [ "$body" = "$expected" ]; then pass "/clock?mirror_time=12:22 -> $body"; else fail "/clock body: $body"; fi

ready_status="$(curl -s -o /tmp/smoke-ready.$$ -w '%{http_code}' "$base/q/health/ready")"
if [ "$ready_status" = 200 ] && grep -Eq '"status" *: *"UP"' /tmp/smoke-ready.$$; then
  pass "/q/health/ready -> 200 UP"
else
  fail "/q/health/ready -> $ready_status $(cat /tmp/smoke-ready.$$)"
fi
rm -f /tmp/smoke-ready.$$

swagger_url="$(curl -fsSL -o /tmp/smoke-ui.$$ -w '%{url_effective}' "$base/")"
if grep -qi 'swagger-ui' /tmp/smoke-ui.$$; then
  pass "/ -> $swagger_url serves Swagger UI"
else
  fail "/ -> $swagger_url has no swagger-ui"
fi
rm -f /tmp/smoke-ui.$$

# Which build it is: the identity build arguments, set in the image, reported by /q/info.
reported="$(curl -fsS "$base/q/info" | jq -r '[.image.tag, .image.commit] | map(. // "none") | join(" ")' || echo "no /q/info")"
if [ "$reported" = "$EXPECTED_IMAGE" ]; then
  pass "/q/info image: tag and commit $reported"
else
  fail "/q/info image: tag and commit '$reported', expected '$EXPECTED_IMAGE'"
fi

# --- process checks (from the host's view of the container's main process) -----------------
pid="$(engine inspect -f '{{.State.Pid}}' "$NAME")"
uids="$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")"
if [ -n "$uids" ] && ! grep -qw 0 <<<"$uids"; then
  pass "process runs as UID $uids (real, effective, saved, fs)"
else
  fail "process UIDs: '$uids'"
fi
cap_eff="$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")"
if [ "$cap_eff" = 0000000000000000 ]; then pass "no effective capabilities"; else fail "CapEff=$cap_eff"; fi

# A write attempt by root inside the container: root may write a root-owned directory, so only a
# read-only root file system stops it. The same write to the tmpfs /tmp must work.
java=/opt/java/runtime/bin/java
probe() { engine exec --user 0 "$NAME" "$java" -Xshare:off -XX:-UsePerfData "-Xlog:os=info:file=$1" -version 2>&1; }
if root_write="$(probe /write-probe)"; then
  fail "root could write / inside the container"
elif grep -q 'Read-only file system' <<<"$root_write"; then
  pass "write to / fails: Read-only file system"
else
  fail "write to / failed for another reason: $(head -n 1 <<<"$root_write")"
fi
if probe /tmp/write-probe >/dev/null; then pass "write to /tmp (tmpfs) works"; else fail "cannot write /tmp"; fi

# --- /tmp the way Fargate mounts the task volume ------------------------------------------------
# Fargate creates the task's bind-mount volume at /tmp as an empty root-owned 0755 directory,
# unless the image declares /tmp as a VOLUME: then the volume starts as a copy of the image's
# /tmp, permissions included. Emulated here by that same rule: a declared /tmp gets a named
# volume (the engine copies the image's directory into it on first use), an undeclared one a
# fresh root-owned 0755 host directory. UID 185 on a read-only root must then be able to write
# there; the image has no shell, so the JVM writes the file (a log file) and the host reads it.
tmp_volume="$NAME-tmp"
tmp_host_dir=""
if engine image inspect -f '{{json .Config.Volumes}}' "$IMAGE" | grep -q '"/tmp"'; then
  engine volume create "$tmp_volume" >/dev/null
  tmp_mount="$tmp_volume:/tmp"
  tmp_kind="volume (image declares /tmp)"
else
  tmp_host_dir="$(mktemp -d)"
  chmod 0755 "$tmp_host_dir"
  tmp_mount="$tmp_host_dir:/tmp"
  tmp_kind="empty root-owned 0755 directory (image does not declare /tmp)"
fi
tmp_write="$(engine run --rm --name "$NAME-tmp" "${run_opts[@]}" --read-only --cap-drop ALL \
  --user 185:185 -v "$tmp_mount" --entrypoint "$java" "$IMAGE" \
  -Xshare:off -XX:-UsePerfData -Xlog:os=info:file=/tmp/fargate-probe.log -version 2>&1 || true)"
if [ -n "$tmp_host_dir" ]; then
  tmp_seen="$tmp_host_dir"
else
  tmp_seen="$(engine volume inspect -f '{{.Mountpoint}}' "$tmp_volume")"
fi
tmp_mode="$(stat -c '%a %U' "$tmp_seen")"
if [ -s "$tmp_seen/fargate-probe.log" ]; then
  pass "Fargate-style /tmp ($tmp_kind, mode $tmp_mode): UID 185 wrote $(wc -c <"$tmp_seen/fargate-probe.log") bytes"
else
  fail "Fargate-style /tmp ($tmp_kind, mode $tmp_mode): UID 185 could not write: $(grep -m 1 -i 'error\|denied' <<<"$tmp_write" || echo "no file")"
fi

# --- the AOT cache is used: with AOTMode=on the JVM refuses to start without it -------------
aot_port=$((PORT + 1))
start=$(now_ms)
engine run -d --name "$NAME-aot" "${run_opts[@]}" --read-only --tmpfs /tmp --cap-drop ALL \
  -e PORT="$aot_port" -e JAVA_TOOL_OPTIONS=-XX:AOTMode=on -p "127.0.0.1:$aot_port:$aot_port" \
  "$IMAGE" >/dev/null
if aot_ms="$(wait_for_200 "$start" "http://127.0.0.1:$aot_port/clock?mirror_time=12:22" "$NAME-aot")"; then
  pass "starts with -XX:AOTMode=on (AOT cache valid), first 200 after $aot_ms ms"
else
  fail "AOT cache rejected: $(engine logs "$NAME-aot" 2>&1 | grep -v '^{' | tail -n 3)"
fi
engine rm -f "$NAME-aot" >/dev/null

# --- graceful stop -----------------------------------------------------------------------
stop_start=$(now_ms)
engine stop -t 30 "$NAME" >/dev/null
exit_code="$(engine inspect -f '{{.State.ExitCode}}' "$NAME")"
stop_ms=$(($(now_ms) - stop_start))
if [ "$exit_code" = 0 ] || [ "$exit_code" = 143 ]; then
  pass "SIGTERM: exited $exit_code after $stop_ms ms (readiness drain delay included)"
else
  fail "SIGTERM: exit code $exit_code after $stop_ms ms"
  engine logs "$NAME" 2>&1 | tail -n 20
fi

echo "== summary: image $((size_bytes / 1000000)) MB, first response ${first_ms} ms, $failures failed check(s)"
[ "$failures" -eq 0 ]
