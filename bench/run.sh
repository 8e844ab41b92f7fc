#!/usr/bin/env bash
# Load benchmark of GET /clock against this machine's HTTP ceiling, side by side in one run.
#
#   bench/run.sh            full run (about 6 minutes on 2 cores)
#   bench/run.sh --quick    short durations for CI: prints the figures, never fails on them
#   bench/run.sh --image [--quick]   the shipped image under one task's limits (bench/image.sh)
#
# Servers, each started from its own build on its own port (BENCH_PORT_SERVICE, _VERTX, _QUARKUS):
#   vertx    18281  ceiling (a): Vert.x core alone, fixed JSON bytes, one server per event loop
#   quarkus  18282  ceiling (b): bare Quarkus (quarkus-vertx-http only), one raw route
#   service  18280  the clockmirror service, GET /clock?mirror_time=12:22
# The ceiling is the faster of (a) and (b) in the same run.
#
# Settings (environment): BENCH_ROUNDS, BENCH_DURATION (wrk seconds per round), BENCH_WARMUP,
# BENCH_CONNECTIONS, BENCH_THREADS, BENCH_STARTS (cold-start launches), BENCH_RSS_SECONDS,
# BENCH_PIN=1 (server on CPU 0, wrk on CPU 1), BENCH_SKIP_BUILD=1, BENCH_SKIP_SERVICE_BUILD=1, BENCH_SERVICE_OPTS (extra JVM
# options for the service only, appended last), BENCH_NO_AOT=1 (service without its AOT cache).
set -euo pipefail

if [[ "${1:-}" == "--image" ]]; then
  shift
  exec "$(dirname "$0")/image.sh" "$@"
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="${BENCH_OUT:-$BENCH/results}"
source "$ROOT/lib/common.sh"
cm_use_jdk25
JAVA="$JAVA_HOME/bin/java"

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if ((QUICK)); then
  ROUNDS="${BENCH_ROUNDS:-1}" DURATION="${BENCH_DURATION:-5}" WARMUP="${BENCH_WARMUP:-3}"
  STARTS="${BENCH_STARTS:-3}" RSS_SECONDS="${BENCH_RSS_SECONDS:-10}"
else
  ROUNDS="${BENCH_ROUNDS:-3}" DURATION="${BENCH_DURATION:-15}" WARMUP="${BENCH_WARMUP:-10}"
  STARTS="${BENCH_STARTS:-7}" RSS_SECONDS="${BENCH_RSS_SECONDS:-30}"
fi
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
PIN="${BENCH_PIN:-0}"

PORT_SERVICE="${BENCH_PORT_SERVICE:-18280}"
PORT_VERTX="${BENCH_PORT_VERTX:-18281}"
PORT_QUARKUS="${BENCH_PORT_QUARKUS:-18282}"
PATH_QUERY='/clock?mirror_time=12:22'
EXPECTED_BODY='{"mirror_time":"12:22","actual_time":"11:38"}'

# The image's JVM flags (docker/jvm.options, the one place they live), the same for all three
# servers so that only the code differs; MaxRAM stands in for the task's 512 MB memory limit,
# which a process outside a container does not have.
JVM_COMMON=(-XX:MaxRAM=512m "@$ROOT/docker/jvm.options")

log() { printf '== %s\n' "$*" >&2; }

install_tools() {
  cm_require_commands wrk curl python3
}

build() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
    log "skipping build (BENCH_SKIP_BUILD=1)"
    return
  fi
  if [[ "${BENCH_SKIP_SERVICE_BUILD:-0}" == 1 && -f "$ROOT/service/target/quarkus-app/quarkus-run.jar" ]]; then
    log "using the service already packaged (BENCH_SKIP_SERVICE_BUILD=1)"
  else
    log "building the service"
    (cd "$ROOT" && ./mvnw -B -q --no-transfer-progress package -DskipTests)
  fi
  log "building ceiling (a) Vert.x core"
  (cd "$ROOT" && ./mvnw -B -q --no-transfer-progress -f bench/ceiling-vertx/pom.xml package)
  log "building ceiling (b) bare Quarkus"
  (cd "$ROOT" && ./mvnw -B -q --no-transfer-progress -f bench/ceiling-quarkus/pom.xml package)
}

# The command line of one server, as an array in CMD.
command_of() {
  local name="$1"
  case "$name" in
    vertx) CMD=("$JAVA" "${JVM_COMMON[@]}" -Dport="$PORT_VERTX" -jar "$BENCH/ceiling-vertx/target/ceiling-vertx.jar") ;;
    quarkus) CMD=("$JAVA" "${JVM_COMMON[@]}" -Dquarkus.http.port="$PORT_QUARKUS"
      -jar "$BENCH/ceiling-quarkus/target/quarkus-app/quarkus-run.jar") ;;
    service)
      CMD=("$JAVA" "${JVM_COMMON[@]}")
      if [[ "${BENCH_NO_AOT:-0}" != 1 && -f "$OUT/service.aot" ]]; then
        CMD+=(-XX:AOTCache="$OUT/service.aot")
      fi
      # shellcheck disable=SC2206
      CMD+=(${BENCH_SERVICE_OPTS:-} -Dquarkus.http.port="$PORT_SERVICE"
        -jar "$ROOT/service/target/quarkus-app/quarkus-run.jar")
      ;;
  esac
}

port_of() {
  case "$1" in vertx) echo $PORT_VERTX ;; quarkus) echo $PORT_QUARKUS ;; service) echo $PORT_SERVICE ;; esac
}

# One request over bash's /dev/tcp (no process started per probe): true when the answer is 200.
probe() {
  local port="$1" line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$PATH_QUERY" >&3
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ "$line" == "HTTP/1.1 200"* ]]
}

SERVER_PID=""
start_server() {
  local name="$1" cpu_prefix=()
  command_of "$name"
  ((PIN)) && cpu_prefix=(taskset -c 0)
  "${cpu_prefix[@]}" "${CMD[@]}" >"$OUT/$name.log" 2>&1 &
  SERVER_PID=$!
}

# Stops the server: SIGTERM, then SIGKILL after 10 s.
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap stop_server EXIT

# Waits for the first 200 on /clock; prints seconds since $2 (an $EPOCHREALTIME value).
await_first_200() {
  local port="$1" since="$2"
  for _ in $(seq 1 3000); do # at most ~30 s
    if probe "$port"; then
      python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.3f}')" "$EPOCHREALTIME" "$since"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited; see its log"; return 1; }
    sleep 0.01
  done
  log "no 200 within 30 s"
  return 1
}

# User plus system CPU time of a process so far, in clock ticks (/proc/PID/stat fields 14, 15).
# Divided by the requests served it gives the server's CPU cost per request, which contention
# from other processes on a shared machine disturbs far less than requests per second.
cpu_ticks() {
  local stat
  stat="$(<"/proc/$1/stat")"
  stat="${stat##*) }"
  awk '{print $12 + $13}' <<<"$stat"
}

run_wrk() {
  local port="$1" seconds="$2" file="$3" wrk_prefix=()
  ((PIN)) && wrk_prefix=(taskset -c 1)
  "${wrk_prefix[@]}" wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" \
    "http://127.0.0.1:$port$PATH_QUERY" >"$file"
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

# The AOT cache (JDK 25, JEP 483/514/515) trained as the image build trains it: the same script,
# the same workload, so the classes, their linking and the hot path's profiles are in it.
train_aot_cache() {
  [[ "${BENCH_NO_AOT:-0}" == 1 ]] && return 0
  log "training the service's AOT cache (docker/aot-training.sh)"
  rm -f "$OUT/service.aot"
  command_of service
  if TRAINING_PORT=$PORT_SERVICE "$ROOT/docker/aot-training.sh" "${CMD[@]:0:1}" \
    -XX:AOTCacheOutput="$OUT/service.aot" "${CMD[@]:1}" >"$OUT/aot-training.log" 2>&1; then
    log "AOT cache: $(du -m "$OUT/service.aot" | cut -f1) MB"
  else
    log "no AOT cache written; see $OUT/aot-training.log"
  fi
}

main() {
  install_tools
  mkdir -p "$OUT"
  build
  rm -f "$OUT"/wrk-*.txt "$OUT"/cpu-*.txt "$OUT"/start-*.txt "$OUT"/rss-*.txt
  train_aot_cache
  local load_before
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "loadavg before: $load_before; rounds=$ROUNDS duration=${DURATION}s warmup=${WARMUP}s c=$CONNECTIONS t=$THREADS pin=$PIN"

  local servers=(vertx quarkus service) round name port cpu_before
  for round in $(seq 1 "$ROUNDS"); do
    for name in "${servers[@]}"; do
      port="$(port_of "$name")"
      start_server "$name"
      await_first_200 "$port" "$EPOCHREALTIME" >/dev/null
      check_body "$name" "$port"
      run_wrk "$port" "$WARMUP" /dev/null
      cpu_before="$(cpu_ticks "$SERVER_PID")"
      run_wrk "$port" "$DURATION" "$OUT/wrk-$name-$round.txt"
      echo "$(($(cpu_ticks "$SERVER_PID") - cpu_before)) $(getconf CLK_TCK)" >"$OUT/cpu-$name-$round.txt"
      log "round $round $name: $(grep 'Requests/sec' "$OUT/wrk-$name-$round.txt")"
      stop_server
    done
  done

  local t0
  for name in "${servers[@]}"; do
    port="$(port_of "$name")"
    for _ in $(seq 1 "$STARTS"); do
      t0="$EPOCHREALTIME"
      start_server "$name"
      await_first_200 "$port" "$t0" >>"$OUT/start-$name.txt"
      stop_server
    done
    log "cold start $name: $(tr '\n' ' ' <"$OUT/start-$name.txt")s"
  done

  for name in "${servers[@]}"; do
    port="$(port_of "$name")"
    start_server "$name"
    await_first_200 "$port" "$EPOCHREALTIME" >/dev/null
    run_wrk "$port" "$((RSS_SECONDS + 2))" "$OUT/wrk-rss-$name.txt" &
    local wrk_pid=$!
    sleep "$RSS_SECONDS"
    grep -E 'VmRSS|VmHWM' "/proc/$SERVER_PID/status" >"$OUT/rss-$name.txt"
    wait "$wrk_pid"
    stop_server
    log "RSS after ${RSS_SECONDS}s at full load, $name: $(tr '\n' ' ' <"$OUT/rss-$name.txt")"
  done

  local load_after
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$BENCH/report.py" "$OUT" \
    --rounds "$ROUNDS" --duration "$DURATION" --connections "$CONNECTIONS" --threads "$THREADS" \
    --rss-seconds "$RSS_SECONDS" --pin "$PIN" --quick "$QUICK" \
    --loadavg-before "$load_before" --loadavg-after "$load_after" \
    --jvm "${JVM_COMMON[*]}" --service-extra "${BENCH_SERVICE_OPTS:-}" \
    --aot "$([[ "${BENCH_NO_AOT:-0}" != 1 && -f "$OUT/service.aot" ]] && echo yes || echo no)"
}

main "$@"
