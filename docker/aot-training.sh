#!/usr/bin/env bash
# AOT cache training run (JDK 25, JEP 483/514/515): starts the packaged service with the given
# java command line, which must include -XX:AOTCacheOutput, sends the requests production sees
# (load balancer health checks, /clock, Swagger UI, metrics scrapes, errors), then a workload of
# TRAINING_REQUESTS /clock requests on keep-alive connections, so that the hot path's method
# profiles (JEP 515) go into the cache and a new task's JIT compiles it without profiling it
# first. Stops the service with SIGTERM; the JVM writes the cache as it exits. Uses bash's
# /dev/tcp because the build image has no HTTP client. Fails when the service does not answer
# /clock correctly.
set -euo pipefail

port="${TRAINING_PORT:-8080}"
workload="${TRAINING_REQUESTS:-30000}"

request() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3
  cat <&3
  exec 3<&-
}

# Sends $2 pipelined requests for $1 on one keep-alive connection, the last one closing it, and
# reads every answer. The writer runs beside the reader so neither waits on a full socket buffer.
burst() {
  local path="$1" count="$2" request i
  printf -v request 'GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n' "$path"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  {
    for ((i = 1; i < count; i++)); do printf '%s' "$request"; done
    printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path"
  } >&3 &
  local writer=$!
  cat <&3 >/dev/null
  wait "$writer"
  exec 3<&-
}

SHUTDOWN_DELAY=0s PORT="$port" "$@" &
pid=$!

ready=false
for _ in $(seq 1 600); do
  if response="$(request /q/health/ready 2>/dev/null)" && [[ $response == "HTTP/1.1 200"* ]]; then
    ready=true
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "aot-training: the service exited during start" >&2; exit 1; }
  sleep 0.1
done
if [ "$ready" != true ]; then
  echo "aot-training: not ready after 60 s" >&2
  kill -KILL "$pid"
  exit 1
fi

answer="$(request '/clock?mirror_time=12:22')"
if [[ $answer != *'{"mirror_time":"12:22","actual_time":"11:38"}'* ]]; then
  echo "aot-training: unexpected /clock answer: $answer" >&2
  kill -KILL "$pid"
  exit 1
fi

for round in $(seq 1 20); do
  hour=$(((round % 12) + 1))
  for path in "/clock?mirror_time=$hour:$((round + 10))" "/clock?mirror_time=13:20" /clock \
    /q/health/ready /q/health/live /q/metrics /q/info / /q/swagger-ui/ /openapi \
    /swagger.json /no-such-path; do
    request "$path" >/dev/null
  done
done

# The workload: mostly valid times (every hour, so no branch looks dead), some invalid ones (the
# problem+json path) and the load balancer's health checks, in the proportions of live traffic.
sent=0
while ((sent < workload)); do
  for hour in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf -v minute '%02d' $(((sent / 500 + hour * 7) % 60))
    burst "/clock?mirror_time=$hour:$minute" 500
    sent=$((sent + 500))
  done
  burst "/clock?mirror_time=13:61" 50
  burst /q/health/ready 20
  request /q/metrics >/dev/null
done

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
# 143 = 128 + SIGTERM: the JVM's exit status after an orderly shutdown on that signal.
if [ "$status" -ne 0 ] && [ "$status" -ne 143 ]; then
  echo "aot-training: service exited with $status" >&2
  exit 1
fi
