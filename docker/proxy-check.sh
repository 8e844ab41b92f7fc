#!/usr/bin/env bash
# Checks compose's load-balancer configuration (docker/haproxy.cfg) against three containers of
# the image: requests are spread over all three, and while one replica shuts down (readiness
# DOWN during SHUTDOWN_DELAY, then stop) no request fails. These machines run containers on the
# host network, so the replicas get fixed local addresses through the configuration's
# HAPROXY_APP1..3 instead of compose's DNS; everything else is used as written.
#
#   docker/proxy-check.sh IMAGE     (needs haproxy, curl and CONTAINER_ENGINE / RUN_OPTS as for
#                                container-smoke.sh)
# Ports: PROXY_CHECK_BASE_PORT (default 18084) for the replicas, +1 and +2, and +3 for the front.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_require_commands haproxy curl

IMAGE="${1:?image}"
ENGINE="${CONTAINER_ENGINE:-podman}"
read -r -a run_opts <<<"${RUN_OPTS:-}"
base="${PROXY_CHECK_BASE_PORT:-18084}"
ports=("$base" "$((base + 1))" "$((base + 2))")
front=$((base + 3))
cm_require_free_ports "${ports[@]}" "$front"
work="$(mktemp -d)"
haproxy_pid=""
cleanup() {
  [[ -z "$haproxy_pid" ]] || cm_stop "$haproxy_pid" 5
  for port in "${ports[@]}"; do "$ENGINE" rm -f "clockmirror-lb-$port" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for port in "${ports[@]}"; do
  "$ENGINE" run -d --name "clockmirror-lb-$port" "${run_opts[@]}" --read-only --tmpfs /tmp \
    --cap-drop ALL -e PORT="$port" -p "127.0.0.1:$port:$port" "$IMAGE" >/dev/null
done

# As compose reads it (DNS discovery), then as this check runs it.
haproxy -c -q -f docker/haproxy.cfg
export HAPROXY_BIND="127.0.0.1:$front" HAPROXY_APP1="127.0.0.1:${ports[0]}" \
  HAPROXY_APP2="127.0.0.1:${ports[1]}" HAPROXY_APP3="127.0.0.1:${ports[2]}"
haproxy -c -q -f docker/haproxy.cfg
haproxy -db -f docker/haproxy.cfg >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!

url="http://127.0.0.1:$front/clock?mirror_time=12:22"
# Wait until all three replicas pass the readiness check (rise 2 x 1 s): six requests in a row
# answered 200 by three different replicas.
up=false
for _ in $(seq 1 60); do
  ok=true
  for _ in 1 2 3 4 5 6; do
    curl -fs -o /dev/null "$url" || ok=false
  done
  if [ "$ok" = true ] && [ "$(tail -n 6 "$work/haproxy.log" | grep -o 'app/app[0-9]' | sort -u | wc -l)" -eq 3 ]; then
    up=true
    break
  fi
  sleep 1
done
[ "$up" = true ] || { echo "FAIL  three replicas never became ready behind HAProxy"; tail -n 20 "$work/haproxy.log"; exit 1; }

lines_before="$(wc -l <"$work/haproxy.log")"
for _ in $(seq 1 30); do curl -fs -o /dev/null "$url"; done
recent() { tail -n +"$((lines_before + 1))" "$work/haproxy.log" | grep -o 'app/app[0-9]'; }
spread="$(recent | sort | uniq -c | tr -s ' ' | paste -sd, -)"
if [ "$(recent | sort -u | wc -l)" -eq 3 ]; then
  echo "PASS  requests spread over three replicas:$spread"
else
  echo "FAIL  requests not spread over three replicas:$spread"
  exit 1
fi

"$ENGINE" stop -t 30 "clockmirror-lb-${ports[1]}" >/dev/null &
stopper=$!
codes=""
for _ in $(seq 1 40); do
  codes+=" $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")"
  sleep 0.25
done
wait "$stopper"
failed="$(tr ' ' '\n' <<<"$codes" | grep -v '^$' | grep -cv '^200$' || true)"
if [ "$failed" -eq 0 ] && grep -q 'app2 is DOWN, reason: Layer7 wrong status, code: 503' "$work/haproxy.log"; then
  echo "PASS  one replica stopped: 40 of 40 requests answered 200, HAProxy marked it DOWN by readiness"
else
  echo "FAIL  during a replica stop:$codes"
  grep -i 'DOWN\|UP' "$work/haproxy.log" | tail -n 5
  exit 1
fi
