#!/usr/bin/env bash
# Measures cold start (container start to the first 200 on /clock) of the built image under the
# Fargate task's limits (0.25 vCPU, 512 MB) for several JVM flag sets, with and without an AOT
# cache. Each AOT variant gets its own cache, trained with its own flags in a container from the
# same image (a cache is only used under the flags it was made with); "aot+image-flags" uses the
# image's own docker/jvm.options. These caches are trained on start-up and a few requests only;
# bench/image.sh measures the image as built, with its workload-trained cache. Runs are interleaved
# across variants so that background load hits all of them alike; prints the median per variant.
#
#   bench/measure-cold-start.sh [image] [runs]
# Needs podman (or docker: CONTAINER_ENGINE=docker) and curl; RUN_OPTS as for container-smoke.sh.
set -euo pipefail

IMAGE="${1:-localhost/clockmirror:dev}"
RUNS="${2:-5}"
PORT="${MEASURE_PORT:-18088}"
CPUS="${CPUS:-0.25}"
MEMORY="${MEMORY:-512m}"
ENGINE="${CONTAINER_ENGINE:-podman}"
read -r -a run_opts <<<"${RUN_OPTS:-}"
java=/opt/java/runtime/bin/java
work="$(mktemp -d)"
chmod 755 "$work"
trap '"$ENGINE" rm -f cm-measure >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

heap=-XX:MaxRAMPercentage=75
# name | JVM flags | AOT cache (yes/no)
variants=(
  "defaults|$heap|no"
  "serial|$heap -XX:+UseSerialGC|no"
  "serial+c1|$heap -XX:+UseSerialGC -XX:TieredStopAtLevel=1|no"
  "aot+g1|$heap -XX:+UseG1GC|yes"
  "aot+serial|$heap -XX:+UseSerialGC|yes"
  "aot+serial+c1|$heap -XX:+UseSerialGC -XX:TieredStopAtLevel=1|yes"
  "aot+image-flags|@/app/jvm.options|yes"
)

now_ms() { date +%s%3N; }

start_container() { # flags... ; runs the app in the image with the given JVM flags
  "$ENGINE" run -d --name cm-measure "${run_opts[@]}" --cpus "$CPUS" --memory "$MEMORY" \
    --read-only --tmpfs /tmp --cap-drop ALL -e PORT="$PORT" -e SHUTDOWN_DELAY=0s \
    -p "127.0.0.1:$PORT:$PORT" -v "$work:/aot" --entrypoint "$java" "$IMAGE" \
    "$@" -jar /app/quarkus-run.jar >/dev/null
}

wait_first_200() {
  for _ in $(seq 1 6000); do
    curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/clock?mirror_time=12:22" && return 0
    sleep 0.01
  done
  return 1
}

echo "== training AOT caches (full CPU)"
for v in "${variants[@]}"; do
  IFS='|' read -r name flags aot <<<"$v"
  [ "$aot" = yes ] || continue
  # The training container writes the cache into the mounted directory, so it runs with the
  # same paths as the measured runs.
  # shellcheck disable=SC2086
  "$ENGINE" run -d --name cm-measure "${run_opts[@]}" --read-only --tmpfs /tmp --cap-drop ALL \
    --user 0 -e PORT="$PORT" -e SHUTDOWN_DELAY=0s -p "127.0.0.1:$PORT:$PORT" -v "$work:/aot" \
    --entrypoint "$java" "$IMAGE" $flags "-XX:AOTCacheOutput=/aot/$name.aot" \
    -jar /app/quarkus-run.jar >/dev/null
  wait_first_200
  for _ in $(seq 1 20); do
    for path in "/clock?mirror_time=12:22" "/clock?mirror_time=13:20" /q/health/ready /q/metrics / /openapi; do
      curl -s -o /dev/null -L "http://127.0.0.1:$PORT$path"
    done
  done
  "$ENGINE" stop -t 60 cm-measure >/dev/null
  "$ENGINE" rm cm-measure >/dev/null
  echo "$name: $(du -m "$work/$name.aot" | cut -f1) MB cache"
done

echo "== $RUNS interleaved runs per variant, --cpus $CPUS --memory $MEMORY"
declare -A results
for run in $(seq 1 "$RUNS"); do
  for v in "${variants[@]}"; do
    IFS='|' read -r name flags aot <<<"$v"
    cache=()
    [ "$aot" = yes ] && cache=("-XX:AOTCache=/aot/$name.aot" -XX:AOTMode=on)
    start=$(now_ms)
    # shellcheck disable=SC2086
    start_container $flags "${cache[@]}"
    if wait_first_200; then
      ms=$(($(now_ms) - start))
    else
      ms=-1
    fi
    results[$name]="${results[$name]:-} $ms"
    "$ENGINE" rm -f cm-measure >/dev/null
    echo "run $run $name: $ms ms"
  done
done

echo "== median time to first 200 (ms), all runs"
for v in "${variants[@]}"; do
  IFS='|' read -r name flags aot <<<"$v"
  # shellcheck disable=SC2086
  median="$(printf '%s\n' ${results[$name]} | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  printf '%-14s median %5s   runs:%s   flags: %s%s\n' "$name" "$median" "${results[$name]}" \
    "$flags" "$([ "$aot" = yes ] && echo ' + AOT cache')"
done
