#!/usr/bin/env bash
# Local cluster: usage reliability/cluster.sh
#
# Three packaged instances (app1-app3 on 127.0.0.1:18381-18383) behind HAProxy (front
# 127.0.0.1:18380, stats 127.0.0.1:18389/stats) with docker/haproxy.cfg, the configuration
# compose uses: it health-checks /q/health/ready like the ALB (every 1 s, out after 2 failures,
# back after 2 successes). CLUSTER_BASE_PORT (default 18380) moves all five ports: front = base,
# instances = base+1..base+3, stats = base+9. wrk runs throughout, then:
#   1. a rolling restart, one instance at a time with SIGTERM: the service keeps answering for
#      SHUTDOWN_DELAY (5 s, longer than HAProxy's ~2 s detection) with readiness DOWN, then
#      drains -> target 0 failed requests;
#   2. kill -9 of one instance -> failures bounded by the requests on its open connections:
#      HAProxy closes those client connections without an answer (wrk counts read errors; the
#      stats count them as the server's response errors), redispatches requests whose connection
#      attempt the dead port refuses, and marks it down after about 2 s.
# The load is paced (16 connections, 5 ms pause between requests) so that three JVMs, HAProxy
# and wrk share the machine without starving the health checks. Exits 1 when a target is missed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cm_require_commands haproxy wrk curl

BASE_PORT="${CLUSTER_BASE_PORT:-18380}"
PORTS=("$((BASE_PORT + 1))" "$((BASE_PORT + 2))" "$((BASE_PORT + 3))")
STATS_PORT=$((BASE_PORT + 9))
cm_require_free_ports "$BASE_PORT" "${PORTS[@]}" "$STATS_PORT"
FRONT="http://127.0.0.1:$BASE_PORT"
STATS="http://127.0.0.1:$STATS_PORT/stats;csv"
CONNS=16
export SHUTDOWN_DELAY="${SHUTDOWN_DELAY:-5s}"
PIDS=()
HAPROXY_PID=""
WRK_PID=""

cleanup() {
  [[ -z "$WRK_PID" ]] || cm_stop "$WRK_PID" 5
  [[ -z "$HAPROXY_PID" ]] || cm_stop "$HAPROXY_PID" 5
  for pid in "${PIDS[@]}"; do cm_stop "$pid" 30; done
}
trap cleanup EXIT

log() { echo "[$(date +%T.%3N)] $*"; }

# status NAME: UP, DOWN, "UP 1/2"... as HAProxy's stats report it.
status() {
  curl -s "$STATS" | awk -F, -v s="$1" '$1 == "app" && $2 == s { print $18 }'
}

# wait_status NAME STATUS SECONDS: prints how long it took.
wait_status() {
  local start now i
  start=$(date +%s.%N)
  for ((i = 0; i < $3 * 20; i++)); do
    if [[ "$(status "$1")" == "$2" ]]; then
      now=$(date +%s.%N)
      awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f", b - a }'
      return 0
    fi
    sleep 0.05
  done
  echo "timeout"
  return 1
}

start_instance() {
  local i="$1"
  cm_service_start "${PORTS[i]}" "$OUT/cluster-app$((i + 1)).log"
  PIDS[i]=$CM_SERVICE_PID
}

start_load() {
  WRK_DELAY_MS=5 wrk -t2 -c"$CONNS" -d300s --timeout 5s -s "$LUA" "$FRONT" >"$1" &
  WRK_PID=$!
}

stop_load() {
  kill -INT "$WRK_PID" 2>/dev/null || true
  wait "$WRK_PID" || true
  WRK_PID=""
}

# HAProxy's request log after line $1, without its stats page and without requests the client
# abandoned (termination state C..: wrk stopped mid-request), i.e. what the service side caused.
haproxy_requests_since() {
  tail -n +"$(($1 + 1))" "$OUT/cluster-haproxy.log" |
    awk '$1 ~ /^[0-9]+\.[0-9]+$/ && $3 !~ /<STATS>$/ && $4 !~ /^C/'
}

# counter SERVER FIELD: one of HAProxy's stats counters for a server (stot, eresp, wredis...).
counter() {
  curl -s "$STATS" | awk -F, -v s="$1" -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f || $i == "# " f) c = i }
    $1 == "app" && $2 == s { print $c }'
}

haproxy_failures_since() {
  haproxy_requests_since "$1" | awk '$2 != 200' | wc -l
}

cm_package_service
for i in 0 1 2; do start_instance "$i"; done
HAPROXY_BIND="127.0.0.1:$BASE_PORT" HAPROXY_STATS_BIND="127.0.0.1:$STATS_PORT" \
  HAPROXY_APP1="127.0.0.1:${PORTS[0]}" HAPROXY_APP2="127.0.0.1:${PORTS[1]}" HAPROXY_APP3="127.0.0.1:${PORTS[2]}" \
  haproxy -db -f "$CM_ROOT/docker/haproxy.cfg" >"$OUT/cluster-haproxy.log" 2>&1 &
HAPROXY_PID=$!
for i in 0 1 2; do cm_service_wait_ready "${PORTS[i]}" 90 "${PIDS[i]}"; done
for s in app1 app2 app3; do wait_status "$s" UP 20 >/dev/null; done
log "three instances UP behind HAProxy"

echo "== 1. rolling restart with SIGTERM (SHUTDOWN_DELAY=$SHUTDOWN_DELAY)"
MARK=$(wc -l <"$OUT/cluster-haproxy.log")
start_load "$OUT/cluster-rolling-wrk.txt"
sleep 3
for i in 0 1 2; do
  name="app$((i + 1))"
  log "SIGTERM $name (pid ${PIDS[i]})"
  kill -TERM "${PIDS[i]}"
  log "$name marked DOWN by HAProxy after $(wait_status "$name" DOWN 15) s"
  for ((w = 0; w < 400 && $(kill -0 "${PIDS[i]}" 2>/dev/null && echo 1 || echo 0) == 1; w++)); do
    sleep 0.1
  done
  log "$name exited"
  start_instance "$i"
  cm_service_wait_ready "${PORTS[i]}" 90 "${PIDS[i]}"
  log "$name restarted; UP again after $(wait_status "$name" UP 20) s"
done
sleep 3
stop_load
ROLLING_ERRORS=$(wrk_errors "$OUT/cluster-rolling-wrk.txt")
ROLLING_HAPROXY=$(haproxy_failures_since "$MARK")
grep '^WRK ' "$OUT/cluster-rolling-wrk.txt"

echo "== 2. kill -9 of app2"
MARK=$(wc -l <"$OUT/cluster-haproxy.log")
ERESP_BEFORE=$(counter app2 eresp)
WREDIS_BEFORE=$(counter app2 wredis)
start_load "$OUT/cluster-kill-wrk.txt"
sleep 3
log "kill -9 app2 (pid ${PIDS[1]})"
kill -KILL "${PIDS[1]}"
DETECT=$(wait_status app2 DOWN 15)
log "app2 marked DOWN by HAProxy after $DETECT s"
sleep 3
stop_load
KILL_ERRORS=$(wrk_errors "$OUT/cluster-kill-wrk.txt")
KILL_HAPROXY=$(haproxy_failures_since "$MARK")
# Requests lost on app2's connections, and new ones refused by the dead app2 and sent elsewhere.
KILL_ERESP=$(($(counter app2 eresp) - ERESP_BEFORE))
KILL_REDISPATCHED=$(($(counter app2 wredis) - WREDIS_BEFORE))
grep '^WRK ' "$OUT/cluster-kill-wrk.txt"
start_instance 1
cm_service_wait_ready "${PORTS[1]}" 90 "${PIDS[1]}"
log "app2 restarted; UP again after $(wait_status app2 UP 20) s"

echo "== HAProxy per-server counters (econ=connect errors, eresp=response errors, wretr=retries, wredis=redispatches)"
curl -s "$STATS" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
  $1 == "app" { printf "%-8s status=%s requests=%s econ=%s eresp=%s wretr=%s wredis=%s 5xx=%s\n",
    $2, $c["status"], $c["stot"], $c["econ"], $c["eresp"], $c["wretr"], $c["wredis"], $c["hrsp_5xx"] }'

echo "CLUSTER rolling_restart_requests=$(wrk_field "$OUT/cluster-rolling-wrk.txt" requests)" \
  "rolling_restart_failed=$ROLLING_ERRORS rolling_restart_haproxy_logged_failed=$ROLLING_HAPROXY" \
  "kill9_requests=$(wrk_field "$OUT/cluster-kill-wrk.txt" requests) kill9_failed=$KILL_ERRORS" \
  "kill9_haproxy_logged_failed=$KILL_HAPROXY kill9_app2_response_errors=$KILL_ERESP" \
  "kill9_redispatched=$KILL_REDISPATCHED kill9_detected_after_s=$DETECT in_flight_bound=$CONNS"

STATUS=0
if ((ROLLING_ERRORS > 0)); then
  echo "CLUSTER MISS: $ROLLING_ERRORS failed requests during the rolling restart (target 0)" >&2
  STATUS=1
fi
# Reported against the in-flight bound (one request per client connection), which is a target,
# not a strict limit: until HAProxy marks the instance down, a request it forwards on a
# connection it had already opened to the killed instance also fails. Only losses far beyond
# that (several times the connections) fail the run.
if ((KILL_ERRORS > CONNS)); then
  echo "CLUSTER MISS: $KILL_ERRORS failed requests on kill -9, more than the $CONNS in flight" >&2
fi
if ((KILL_ERRORS > 4 * CONNS)); then
  echo "CLUSTER FAIL: $KILL_ERRORS failed requests on kill -9, over four times the $CONNS in flight" >&2
  STATUS=1
fi
exit "$STATUS"
