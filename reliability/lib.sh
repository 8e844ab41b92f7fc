# Shared by soak.sh and cluster.sh: paths, the packaged service, readiness waits, wrk parsing.
# Every wait is bounded; every process started is tracked by its PID and stopped by it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$ROOT/service/target/quarkus-app/quarkus-run.jar"
OUT="$ROOT/target/reliability"
LUA="$ROOT/reliability/clock.lua"
mkdir -p "$OUT"

need_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y $tool)" >&2; exit 2; }
  done
}

build_if_missing() {
  if [[ ! -f "$JAR" ]]; then
    echo "building the service (no $JAR yet)"
    (cd "$ROOT" && ./mvnw -B -q -pl service -am package -DskipTests)
  fi
}

# start_service PORT LOGFILE [extra env assignments...]: prints the PID.
start_service() {
  local port="$1" log="$2"
  shift 2
  env PORT="$port" "$@" "$JAVA_HOME/bin/java" ${SERVICE_JAVA_OPTS:--Xms256m -Xmx256m} \
    -jar "$JAR" >"$log" 2>&1 &
  echo $!
}

# wait_ready PORT SECONDS: until /q/health/ready answers 200.
wait_ready() {
  local port="$1" limit="$2" i
  for ((i = 0; i < limit * 10; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0
    sleep 0.1
  done
  echo "service on $port not ready after ${limit}s" >&2
  return 1
}

# stop_pid PID SECONDS: SIGTERM, then SIGKILL if still there after SECONDS.
stop_pid() {
  local pid="$1" limit="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# wrk_field FILE NAME: a value from the WRK summary line written by clock.lua.
wrk_field() {
  grep '^WRK ' "$1" | tail -1 | tr ' ' '\n' | grep "^$2=" | cut -d= -f2
}

wrk_errors() {
  local f="$1"
  echo $(($(wrk_field "$f" non2xx) + $(wrk_field "$f" connect) + $(wrk_field "$f" read) \
    + $(wrk_field "$f" write) + $(wrk_field "$f" timeout)))
}

rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# seconds "10m" -> 600, "90s" -> 90, "45" -> 45
to_seconds() {
  case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
