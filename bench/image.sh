#!/usr/bin/env bash
# The shipped image under one Fargate task's limits, beside Vert.x core and nginx answering fixed
# bytes under the same limits, on the same CPU, in the same run. Called by `bench/run.sh --image`.
#
#   bench/image.sh           full run (about 10 minutes on 2 cores)
#   bench/image.sh --quick   short run for CI: prints the figures, never fails on them
#   BENCH_EMF=compare bench/image.sh   the image only, EMF metrics off against on (docs/metrics.md)
#
# What it measures (the image runs with its own entrypoint: the JVM flags of docker/jvm.options
# and the AOT cache trained in the image build):
#   start      `podman run` -> first 200 on /clock, and JVM process start -> first 200 (the JVM's
#              own start time from process_start_time_seconds in /q/metrics), and the CPU the
#              JVM used until then; median of BENCH_STARTS runs at 0.25 vCPU, fewer at 0.5 and 1
#   CPU/req    server CPU time (cgroup cpuacct) / requests served by wrk at saturation, the server
#              on BENCH_SERVER_CPU and wrk on BENCH_LOAD_CPU; rounds alternate image, Vert.x, nginx
#   RSS        VmRSS of the JVM at the end of the 0.25 vCPU load
#   p99        at half the measured capacity, paced by bench/paced.lua (see there for its method),
#              with the periods in which the CPU quota throttled the task
#   size       image uncompressed (podman's count) and as `podman save | gzip -6`
#
# Settings (environment): BENCH_IMAGE (tag; built from the Dockerfile when absent or with
# BENCH_REBUILD=1), BENCH_PORT_IMAGE/VERTX/NGINX/TRAINING, BENCH_SERVER_CPU, BENCH_LOAD_CPU,
# BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP, BENCH_STARTS, BENCH_CONNECTIONS, BENCH_CPUS
# (vCPU sizes for the sizing table), BENCH_OUT; BENCH_EMF: off (default), on (every run of the image
# writes EMF metrics) or compare (only the image at 0.25 vCPU, EMF off and on in alternating rounds,
# the order swapped every round; BENCH_EMF_INTERVAL, default 60s, as deployed).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="${BENCH_OUT:-$BENCH/results}/image"
source "$ROOT/lib/common.sh"
cm_use_jdk25
JAVA="$JAVA_HOME/bin/java"

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if ((QUICK)); then
  ROUNDS="${BENCH_ROUNDS:-1}" DURATION="${BENCH_DURATION:-8}" WARMUP="${BENCH_WARMUP:-20}"
  STARTS="${BENCH_STARTS:-3}" OTHER_STARTS=1
else
  ROUNDS="${BENCH_ROUNDS:-3}" DURATION="${BENCH_DURATION:-15}" WARMUP="${BENCH_WARMUP:-30}"
  STARTS="${BENCH_STARTS:-7}" OTHER_STARTS=3
fi
IMAGE="${BENCH_IMAGE:-localhost/clockmirror:bench}"
PORT_IMAGE="${BENCH_PORT_IMAGE:-18280}"
PORT_VERTX="${BENCH_PORT_VERTX:-18281}"
PORT_NGINX="${BENCH_PORT_NGINX:-18283}"
PORT_TRAINING="${BENCH_PORT_TRAINING:-18284}"
SERVER_CPU="${BENCH_SERVER_CPU:-1}"
LOAD_CPU="${BENCH_LOAD_CPU:-0}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
read -r -a SIZES <<<"${BENCH_CPUS:-0.25 0.5 1}"
TASK_CPUS=0.25 TASK_MEMORY=512m
PATH_QUERY='/clock?mirror_time=12:22'
EXPECTED_BODY='{"mirror_time":"12:22","actual_time":"11:38"}'
CONTAINER="clockmirror-bench-$$"
EMF="${BENCH_EMF:-off}"
EMF_INTERVAL="${BENCH_EMF_INTERVAL:-60s}"
case "$EMF" in off | on | compare) ;; *) cm_die "BENCH_EMF is off, on or compare, not '$EMF'" ;; esac
CGROUP="clockmirror-bench-$$"

log() { printf '== %s\n' "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

install_tools() {
  cm_apt_install --no-install-recommends wrk curl python3 nginx podman buildah runc debootstrap gzip
}

# podman on these machines: runc, host networking, no default ulimits (see docker/container-image.sh).
CONF_DIR="$(mktemp -d)"
cm_podman_conf "$CONF_DIR"
read -r -a RUN_OPTS <<<"${RUN_OPTS:---runtime runc --network host}"

build_image() {
  if podman image exists "$IMAGE" && [[ "${BENCH_REBUILD:-0}" != 1 ]]; then
    log "reusing image $IMAGE ($(podman image inspect -f '{{.Created}}' "$IMAGE"))"
    return
  fi
  "$ROOT/docker/prepare-base-images.sh"
  local secret=() extra_ca
  extra_ca="$(cm_extra_ca "$CONF_DIR")"
  [[ -z "$extra_ca" ]] || secret=(--secret "id=extra_ca,src=$extra_ca")
  log "building $IMAGE from the Dockerfile"
  (cd "$ROOT" && podman build --isolation chroot --pull=never --layers "${secret[@]}" \
    --build-arg TRAINING_PORT="$PORT_TRAINING" -t "$IMAGE" -f Dockerfile .)
}

build_vertx() {
  if [[ -f "$BENCH/ceiling-vertx/target/ceiling-vertx.jar" && "${BENCH_REBUILD:-0}" != 1 ]]; then
    return
  fi
  log "building the Vert.x core ceiling"
  (cd "$ROOT" && ./mvnw -B -q --no-transfer-progress -f bench/ceiling-vertx/pom.xml package)
}

# One request over bash's /dev/tcp (no process per probe): true when the answer is 200.
probe() {
  local port="$1" line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$PATH_QUERY" >&3
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ "$line" == "HTTP/1.1 200"* ]]
}

# Polls until the first 200 (at most 60 s); true when it came. $1 port, $2 a pid that must live.
await_200() {
  for _ in $(seq 1 6000); do
    probe "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}

check_body() {
  local name="$1" port="$2" body ctype
  body="$(curl -fsS "http://127.0.0.1:$port$PATH_QUERY")"
  ctype="$(curl -fsS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$port$PATH_QUERY")"
  if [[ "$body" != "$EXPECTED_BODY" || "$ctype" != application/json* ]]; then
    log "$name answered [$body] ($ctype), expected [$EXPECTED_BODY] (application/json)"
    return 1
  fi
}

# --- servers ---------------------------------------------------------------------------------
# Each server leaves SERVER_PID (a process that lives as long as it does) and SERVER_CGROUP (the
# cgroup v1 path, relative to a controller's root, that holds all its processes).
SERVER_PID="" SERVER_CGROUP="" SERVER_KIND=""

cgroup_of() { # $1 pid -> its cpuacct cgroup path
  awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ { print $3 }' "/proc/$1/cgroup"
}
cpu_ns() { cat "/sys/fs/cgroup/cpuacct$SERVER_CGROUP/cpuacct.usage"; }

# Whether the next image run writes EMF metrics (the task definition's environment variables).
IMAGE_EMF="$([[ "$EMF" == on ]] && echo true || echo false)"
start_image() { # $1 vCPU
  podman run -d --name "$CONTAINER" "${RUN_OPTS[@]}" --cpus "$1" --memory "$TASK_MEMORY" \
    --cpuset-cpus "$SERVER_CPU" --read-only --tmpfs /tmp --cap-drop ALL \
    -e PORT="$PORT_IMAGE" -e SHUTDOWN_DELAY=0s -e CLOCKMIRROR_METRICS_EMF_ENABLED="$IMAGE_EMF" \
    -e CLOCKMIRROR_METRICS_EMF_INTERVAL="$EMF_INTERVAL" -e CLOCKMIRROR_METRICS_ENVIRONMENT=bench \
    "$IMAGE" >/dev/null
  SERVER_PID="$(podman inspect -f '{{.State.Pid}}' "$CONTAINER")"
  SERVER_CGROUP="$(cgroup_of "$SERVER_PID")"
  SERVER_KIND=image
}

# Vert.x and nginx run in a cgroup of this script with the task's quota and memory limit.
make_cgroup() { # $1 vCPU
  local c
  for c in cpu cpuacct memory; do mkdir -p "/sys/fs/cgroup/$c/$CGROUP"; done
  echo 100000 >"/sys/fs/cgroup/cpu/$CGROUP/cpu.cfs_period_us"
  local quota
  quota="$(awk -v cpus="$1" 'BEGIN { printf "%d", cpus * 100000 }')"
  echo "$quota" >"/sys/fs/cgroup/cpu/$CGROUP/cpu.cfs_quota_us"
  echo $((512 * 1024 * 1024)) >"/sys/fs/cgroup/memory/$CGROUP/memory.limit_in_bytes"
  SERVER_CGROUP="/$CGROUP"
}
in_cgroup() {
  local c
  for c in cpu cpuacct memory; do echo "$BASHPID" >"/sys/fs/cgroup/$c/$CGROUP/cgroup.procs"; done
  exec taskset -c "$SERVER_CPU" "$@"
}
start_vertx() { # $1 vCPU; the image's JVM flags (not its cache: that belongs to the service)
  make_cgroup "$1"
  (in_cgroup "$JAVA" "@$ROOT/docker/jvm.options" -Dport="$PORT_VERTX" \
    -jar "$BENCH/ceiling-vertx/target/ceiling-vertx.jar") >"$OUT/vertx.log" 2>&1 &
  SERVER_PID=$!
  SERVER_KIND=vertx
}
start_nginx() { # $1 vCPU; one worker, fixed bytes, no access log
  make_cgroup "$1"
  sed -e "s/@PORT@/$PORT_NGINX/" -e "s|@DIR@|$OUT/nginx|g" -e "s|@BODY@|$EXPECTED_BODY|" \
    "$BENCH/nginx.conf" >"$OUT/nginx/nginx.conf"
  (in_cgroup nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf") >"$OUT/nginx.log" 2>&1 &
  SERVER_PID=$!
  SERVER_KIND=nginx
}

stop_server() {
  case "$SERVER_KIND" in
    image) podman rm -f -t 5 "$CONTAINER" >/dev/null 2>&1 || true ;;
    vertx | nginx)
      kill "$SERVER_PID" 2>/dev/null || true
      wait "$SERVER_PID" 2>/dev/null || true
      local c
      for c in cpu cpuacct memory; do rmdir "/sys/fs/cgroup/$c/$CGROUP" 2>/dev/null || true; done
      ;;
  esac
  SERVER_PID="" SERVER_KIND=""
}
cleanup() {
  stop_server
  rm -rf "$CONF_DIR"
}
trap cleanup EXIT

start_server() { # $1 name, $2 vCPU
  case "$1" in
    image) start_image "$2" ;;
    vertx) start_vertx "$2" ;;
    nginx) start_nginx "$2" ;;
  esac
}
port_of() { case "$1" in image) echo "$PORT_IMAGE" ;; vertx) echo "$PORT_VERTX" ;; nginx) echo "$PORT_NGINX" ;; esac }

run_wrk() { # port seconds output [extra wrk args]
  local port="$1" seconds="$2" file="$3"
  shift 3
  taskset -c "$LOAD_CPU" wrk --latency -t1 -c"$CONNECTIONS" -d"${seconds}s" "$@" \
    "http://127.0.0.1:$port$PATH_QUERY" >"$file"
}
requests_of() { sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$1"; }

# --- start-up --------------------------------------------------------------------------------
# One start of the image at $1 vCPU; appends "run_to_200 process_to_200 cpu_at_200" (s) to $2.
measure_start() {
  local t0 t1 cpu jvm_start
  t0="$EPOCHREALTIME"
  start_image "$1"
  if ! await_200 "$PORT_IMAGE" "$SERVER_PID"; then
    log "no 200 from the image at $1 vCPU; its log:"
    podman logs "$CONTAINER" 2>&1 | tail -n 20 >&2
    stop_server
    return 1
  fi
  t1="$EPOCHREALTIME"
  cpu="$(cpu_ns)"
  # Micrometer binds the process metrics shortly after start: ask until the gauge is there.
  for _ in $(seq 1 100); do
    jvm_start="$(curl -fsS "http://127.0.0.1:$PORT_IMAGE/q/metrics" |
      sed -n 's/^process_start_time_seconds \(.*\)$/\1/p')" || true
    [[ -n "$jvm_start" ]] && break
    sleep 0.1
  done
  stop_server
  [[ -n "$jvm_start" ]] || { log "no process_start_time_seconds in /q/metrics"; return 1; }
  python3 -c 'import sys; t0, t1, j, c = map(float, sys.argv[1:]); print(f"{t1 - t0:.3f} {t1 - j:.3f} {c / 1e9:.3f}")' \
    "$t0" "$t1" "$jvm_start" "$cpu" >>"$2"
}

# --- steady state ----------------------------------------------------------------------------
# Saturating load on a warmed server; writes "requests cpu_ns rss_kb" to $4 and wrk's output to $4.wrk.
measure_load() { # name vCPU warmup output
  local name="$1" port
  port="$(port_of "$name")"
  start_server "$name" "$2"
  await_200 "$port" "$SERVER_PID" || { log "$name did not answer"; stop_server; return 1; }
  check_body "$name" "$port"
  run_wrk "$port" "$3" /dev/null
  local before after rss=0
  before="$(cpu_ns)"
  run_wrk "$port" "$DURATION" "$4.wrk"
  after="$(cpu_ns)"
  if [[ "$name" == image ]]; then
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")"
  fi
  echo "$(requests_of "$4.wrk") $((after - before)) $rss" >"$4"
  stop_server
}

# Paced load at $1 requests/s on the warmed image at the task's size: each of rate/100
# connections sends a request 10 ms after its previous answer. The throttled periods of the
# task's CPU quota during the paced run go to paced.throttled.
measure_paced() {
  local rate="$1" connections
  connections=$((rate / 100 > 2 ? rate / 100 : 2))
  start_image "$TASK_CPUS"
  await_200 "$PORT_IMAGE" "$SERVER_PID"
  run_wrk "$PORT_IMAGE" "$WARMUP" /dev/null
  local stat="/sys/fs/cgroup/cpu$SERVER_CGROUP/cpu.stat" before
  before="$(awk '$1 == "nr_periods" || $1 == "nr_throttled" { printf "%s ", $2 }' "$stat")"
  PACED_DELAY_MS=10 taskset -c "$LOAD_CPU" wrk --latency -t1 -c"$connections" -d"${DURATION}s" \
    -s "$BENCH/paced.lua" "http://127.0.0.1:$PORT_IMAGE$PATH_QUERY" >"$OUT/paced.wrk"
  echo "$before$(awk '$1 == "nr_periods" || $1 == "nr_throttled" { printf "%s ", $2 }' "$stat")" \
    >"$OUT/paced.throttled"
  stop_server
}

# EMF off against on, the image alone at the task's size: rounds alternate, the order swapped
# every round so that drift on a busy machine hits both alike.
emf_compare() {
  local round mode first second
  for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2)); then first=off second=on; else first=on second=off; fi
    for mode in "$first" "$second"; do
      IMAGE_EMF="$([[ "$mode" == on ]] && echo true || echo false)"
      emf_load "$OUT/emf-$mode-$round.txt"
      loadavg >"$OUT/emf-$mode-$round.load"
      log "round $round EMF $mode: $(cat "$OUT/emf-$mode-$round.txt") (requests cpu_ns rss_kb lines answers_in_lines completed)"
    done
  done
  python3 "$BENCH/emf_report.py" "$OUT" "$ROUNDS" "$DURATION"
}

# One run of the comparison: as measure_load for the image, then a SIGTERM as ECS sends it, the
# EMF lines in the container's output and the answers they add up to, beside the requests wrk
# completed (warm-up and measured run) and the two of check_body. The probes until the first 200
# and requests wrk left unfinished are answered but not in that sum.
emf_load() { # output
  local warmup="$1.warmup.wrk" before after rss lines counted completed
  start_image "$TASK_CPUS"
  await_200 "$PORT_IMAGE" "$SERVER_PID" || { log "the image did not answer"; stop_server; return 1; }
  check_body image "$PORT_IMAGE"
  run_wrk "$PORT_IMAGE" "$WARMUP" "$warmup"
  before="$(cpu_ns)"
  run_wrk "$PORT_IMAGE" "$DURATION" "$1.wrk"
  after="$(cpu_ns)"
  rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")"
  podman stop -t 20 "$CONTAINER" >/dev/null
  podman logs "$CONTAINER" 2>/dev/null | grep '^{"_aws"' >"$1.emf" || true
  lines="$(wc -l <"$1.emf")"
  counted="$(python3 -c 'import json, sys; print(sum(json.loads(l)["Requests"] for l in open(sys.argv[1])))' "$1.emf")"
  completed=$(($(requests_of "$warmup") + $(requests_of "$1.wrk") + 2))
  echo "$(requests_of "$1.wrk") $((after - before)) $rss $lines $counted $completed" >"$1"
  stop_server
}

main() {
  install_tools
  rm -rf "$OUT"
  mkdir -p "$OUT/nginx"
  build_image
  [[ "$EMF" == compare ]] || build_vertx
  local load_before
  load_before="$(loadavg)"
  log "loadavg before: $load_before; server on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU; rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s EMF=$EMF"
  if [[ "$EMF" == compare ]]; then
    emf_compare
    log "loadavg after: $(loadavg)"
    return
  fi

  local size round name
  for size in "${SIZES[@]}"; do
    local n="$OTHER_STARTS"
    [[ "$size" == "$TASK_CPUS" ]] && n="$STARTS"
    for _ in $(seq 1 "$n"); do
      measure_start "$size" "$OUT/start-$size.txt" || true
      echo "$(loadavg)" >>"$OUT/start-$size.load"
    done
    log "start at $size vCPU (run->200 process->200 cpu): $(tr '\n' ';' <"$OUT/start-$size.txt")"
  done

  for round in $(seq 1 "$ROUNDS"); do
    for name in image vertx nginx; do
      # nginx has no JIT to warm up; both JVMs get the same warm-up.
      measure_load "$name" "$TASK_CPUS" "$([[ $name == nginx ]] && echo 2 || echo "$WARMUP")" \
        "$OUT/load-$name-$round.txt"
      echo "$(loadavg)" >"$OUT/load-$name-$round.load"
      log "round $round $name at $TASK_CPUS vCPU: $(cat "$OUT/load-$name-$round.txt") (requests cpu_ns rss_kb)"
    done
  done
  for size in "${SIZES[@]}"; do
    [[ "$size" == "$TASK_CPUS" ]] && continue
    measure_load image "$size" "$WARMUP" "$OUT/load-image-cpus-$size.txt"
    echo "$(loadavg)" >"$OUT/load-image-cpus-$size.load"
    log "image at $size vCPU: $(cat "$OUT/load-image-cpus-$size.txt")"
  done

  local capacity
  capacity="$(python3 - "$OUT" "$ROUNDS" "$DURATION" <<'EOF'
import statistics, sys
out, rounds, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rates = [int(open(f"{out}/load-image-{r}.txt").read().split()[0]) / duration for r in range(1, rounds + 1)]
print(int(statistics.median(rates)))
EOF
)"
  log "paced load at half the capacity ($capacity req/s): $((capacity / 2)) req/s"
  measure_paced "$((capacity / 2))"

  log "image size"
  podman image inspect -f '{{.Size}}' "$IMAGE" >"$OUT/size.txt"
  podman save "$IMAGE" 2>/dev/null | gzip -6 | wc -c >>"$OUT/size.txt"
  podman history --format '{{.Size}}' "$IMAGE" | grep -cv '^0 *B' >>"$OUT/size.txt" || true

  python3 "$BENCH/image_report.py" "$OUT" --sizes "${SIZES[*]}" --task "$TASK_CPUS" \
    --rounds "$ROUNDS" --duration "$DURATION" --connections "$CONNECTIONS" --quick "$QUICK" \
    --loadavg-before "$load_before" --loadavg-after "$(loadavg)" --image "$IMAGE" \
    --jvm-options "$ROOT/docker/jvm.options"
}

main "$@"
