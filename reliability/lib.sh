# shellcheck shell=bash
# Shared by soak.sh, cluster.sh and swagger-csp.sh on top of lib/common.sh: where outputs go,
# the wrk script, wrk's summary parsing, and a process's resident memory.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
cm_use_jdk25

OUT="$CM_ROOT/target/reliability"
# Used by the scripts that source this file.
# shellcheck disable=SC2034
LUA="$CM_ROOT/reliability/clock.lua"
# A fixed heap, so that the RSS figures compare from run to run.
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xms256m -Xmx256m}"
mkdir -p "$OUT"

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

# to_seconds "10m" -> 600, "90s" -> 90, "45" -> 45
to_seconds() {
  case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
