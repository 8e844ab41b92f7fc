#!/usr/bin/env bash
# Soak: usage reliability/soak.sh [duration]   (default 10m; CI uses 60s)
#
# Starts the packaged service (building it if missing or stale) on 127.0.0.1:${SOAK_PORT:-18385},
# measures its maximum throughput briefly with wrk, then holds about half of it for the duration
# and reports errors (target 0), latency percentiles and resident memory over time (target:
# under 10 % growth after warm-up). Debian ships wrk, not wrk2, so the rate is held by pacing:
# each connection waits WRK_DELAY_MS between requests (clock.lua) and the connection count is
# calibrated to the target rate. That is a closed loop: latency is measured per request, without
# wrk2's correction for coordinated omission.
# Figures go to stdout and target/reliability/; exits 1 if any request failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cm_require_commands wrk curl

DURATION_S=$(to_seconds "${1:-10m}")
PORT="${SOAK_PORT:-18385}"
cm_require_free_ports "$PORT"
URL="http://127.0.0.1:$PORT"
DELAY_MS=10
SAMPLE_S=5
WARMUP_S=$((DURATION_S / 5 > 10 ? DURATION_S / 5 : 10))

cm_package_service
cm_service_start "$PORT" "$OUT/soak-service.log" SHUTDOWN_DELAY=0s
SERVICE_PID=$CM_SERVICE_PID
SAMPLER_PID=""
cleanup() {
  [[ -z "$SAMPLER_PID" ]] || cm_stop "$SAMPLER_PID" 5
  cm_stop "$SERVICE_PID" 20
}
trap cleanup EXIT
cm_service_wait_ready "$PORT" 60 "$SERVICE_PID"

echo "== warm-up 5 s, then maximum throughput 10 s (wrk -t2 -c64)"
wrk -t2 -c32 -d5s -s "$LUA" "$URL" >/dev/null
wrk -t2 -c64 -d10s -s "$LUA" "$URL" >"$OUT/soak-max.txt"
MAX=$(wrk_field "$OUT/soak-max.txt" rate)
TARGET=$((MAX / 2))
echo "maximum ${MAX} req/s -> target ${TARGET} req/s"

# Calibrate: with pauses of DELAY_MS each connection makes about 1000/(DELAY_MS+latency) req/s;
# scale the connection count by target/achieved, at most three 5 s rounds, until within 10 %.
CONNS=$(((TARGET * DELAY_MS + 999) / 1000))
((CONNS < 2)) && CONNS=2
for round in 1 2 3; do
  WRK_DELAY_MS=$DELAY_MS wrk -t2 -c"$CONNS" -d5s -s "$LUA" "$URL" >"$OUT/soak-calibrate.txt"
  GOT=$(wrk_field "$OUT/soak-calibrate.txt" rate)
  echo "calibration $round: ${CONNS} connections pausing ${DELAY_MS} ms -> ${GOT} req/s"
  ((GOT * 10 >= TARGET * 9 && GOT * 10 <= TARGET * 11)) && break
  CONNS=$(((CONNS * TARGET + GOT / 2) / (GOT > 0 ? GOT : 1)))
  ((CONNS < 2)) && CONNS=2
  ((CONNS > 2000)) && CONNS=2000
done

echo "== soak ${DURATION_S} s; RSS sampled every ${SAMPLE_S} s; warm-up counted as the first ${WARMUP_S} s"
echo "seconds,rss_kb" >"$OUT/soak-rss.csv"
(
  for ((t = 0; t <= DURATION_S; t += SAMPLE_S)); do
    echo "$t,$(rss_kb "$SERVICE_PID")" >>"$OUT/soak-rss.csv"
    sleep "$SAMPLE_S"
  done
) &
SAMPLER_PID=$!
WRK_DELAY_MS=$DELAY_MS wrk -t2 -c"$CONNS" -d"${DURATION_S}s" --timeout 5s -s "$LUA" "$URL" \
  >"$OUT/soak-wrk.txt"
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
echo "$((DURATION_S)),$(rss_kb "$SERVICE_PID")" >>"$OUT/soak-rss.csv"

ERRORS=$(wrk_errors "$OUT/soak-wrk.txt")
read -r BASE FINAL PEAK < <(awk -F, -v w="$WARMUP_S" \
  'NR > 1 && $1 >= w { if (!b) b = $2; f = $2; if ($2 > p) p = $2 } END { print b, f, p }' \
  "$OUT/soak-rss.csv")
GROWTH=$(awk -v b="$BASE" -v f="$FINAL" 'BEGIN { printf "%.1f", (f - b) * 100 / b }')
PEAK_GROWTH=$(awk -v b="$BASE" -v p="$PEAK" 'BEGIN { printf "%.1f", (p - b) * 100 / b }')
SERIES=$(awk -F, 'NR > 1 { printf "%s%ss:%dMB", sep, $1, $2 / 1024; sep = " " }' "$OUT/soak-rss.csv")

echo "RSS over time: $SERIES"
grep '^WRK ' "$OUT/soak-wrk.txt"
echo "SOAK duration_s=$DURATION_S max_rps=$MAX target_rps=$TARGET" \
  "achieved_rps=$(wrk_field "$OUT/soak-wrk.txt" rate) requests=$(wrk_field "$OUT/soak-wrk.txt" requests)" \
  "errors=$ERRORS p50_ms=$(wrk_field "$OUT/soak-wrk.txt" p50_ms) p90_ms=$(wrk_field "$OUT/soak-wrk.txt" p90_ms)" \
  "p99_ms=$(wrk_field "$OUT/soak-wrk.txt" p99_ms) p999_ms=$(wrk_field "$OUT/soak-wrk.txt" p999_ms)" \
  "max_ms=$(wrk_field "$OUT/soak-wrk.txt" max_ms) rss_after_warmup_mb=$((BASE / 1024))" \
  "rss_end_mb=$((FINAL / 1024)) rss_growth_pct=$GROWTH rss_peak_growth_pct=$PEAK_GROWTH"
if ((ERRORS > 0)); then
  echo "SOAK FAILED: $ERRORS failed requests" >&2
  exit 1
fi
