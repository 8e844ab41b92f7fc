#!/usr/bin/env bash
# Tests of lib/common.sh that need neither the network nor the service: the JDK choice, port
# checks, the readiness wait's failure paths and the bounded stop. Port: LIB_TEST_PORT (default
# 18399). Prints one line per check; exits 1 when one fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh

failures=0
check() {
  local name="$1"
  shift
  if "$@"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    failures=$((failures + 1))
  fi
}

port="${LIB_TEST_PORT:-18399}"
work="$(mktemp -d)"
listener=""
cleanup() {
  [[ -z "$listener" ]] || cm_stop "$listener" 2
  rm -rf "$work"
}
trap cleanup EXIT

# A fake JDK home: bin/javac and a release file, as in a real JDK.
fake_jdk() {
  mkdir -p "$work/$1/bin"
  printf '#!/bin/sh\n' >"$work/$1/bin/javac"
  chmod +x "$work/$1/bin/javac"
  echo "JAVA_VERSION=\"$2\"" >"$work/$1/release"
}
fake_jdk jdk25 25.0.3
fake_jdk jdk17 17.0.12
fake_jdk jdk250 250.1

check "a JDK whose release says 25.0.3 is a JDK 25" cm_is_jdk25 "$work/jdk25"
check "JDK 17 is not" bash -c "source lib/common.sh; ! cm_is_jdk25 '$work/jdk17'"
check "version 250 is not 25" bash -c "source lib/common.sh; ! cm_is_jdk25 '$work/jdk250'"
check "a directory without javac is not a JDK" bash -c "source lib/common.sh; ! cm_is_jdk25 '$work'"

kept="$(JAVA_HOME="$work/jdk25" bash -c 'source lib/common.sh; cm_use_jdk25; echo "$JAVA_HOME|$(command -v javac)"')"
check "cm_use_jdk25 keeps a JAVA_HOME that is a JDK 25 and puts it first on PATH" \
  test "$kept" = "$work/jdk25|$work/jdk25/bin/javac"
if cm_is_jdk25 "$CM_JDK25_DEFAULT"; then
  replaced="$(JAVA_HOME="$work/jdk17" bash -c 'source lib/common.sh; cm_use_jdk25; echo "$JAVA_HOME"')"
  check "cm_use_jdk25 replaces a JDK 17 with $CM_JDK25_DEFAULT" test "$replaced" = "$CM_JDK25_DEFAULT"
fi

# No JDK 25 in JAVA_HOME nor at the default path: the javac on PATH decides.
mkdir -p "$work/path-bin" && ln -s "$work/jdk25/bin/javac" "$work/path-bin/javac"
from_path="$(CM_JDK25_DEFAULT="$work/none" JAVA_HOME="$work/jdk17" PATH="$work/path-bin:$PATH" \
  bash -c 'source lib/common.sh; cm_use_jdk25; echo "$JAVA_HOME"')"
check "cm_use_jdk25 falls back to the JDK 25 of the javac on PATH" test "$from_path" = "$work/jdk25"
none="$(CM_JDK25_DEFAULT="$work/none" JAVA_HOME="$work/jdk17" PATH="$work/jdk17/bin:/usr/bin:/bin" \
  bash -c 'source lib/common.sh; cm_use_jdk25; echo "chose $JAVA_HOME"' 2>&1 || true)"
check "cm_use_jdk25 fails, naming what it tried, when there is no JDK 25" grep -q 'no JDK 25' <<<"$none"

check "cm_port_free: nothing listens on $port" cm_port_free "$port"
# A listener that accepts connections and never answers.
python3 -c 'import socket, sys, time; s = socket.create_server(("127.0.0.1", int(sys.argv[1]))); time.sleep(60)' "$port" &
listener=$!
for _ in $(seq 1 50); do cm_port_free "$port" || break; sleep 0.1; done
check "cm_port_free: false while a listener holds $port" bash -c "source lib/common.sh; ! cm_port_free $port"
refused="$(bash -c "source lib/common.sh; cm_require_free_ports $port" 2>&1 || true)"
check "cm_require_free_ports names the taken port" grep -q "port $port is in use" <<<"$refused"

# Something that listens but never answers HTTP 200 on /q/health/ready.
start=$SECONDS
check "cm_service_wait_ready gives up after its bound" \
  bash -c "source lib/common.sh; ! cm_service_wait_ready $port 2 2>/dev/null"
check "... within a few seconds of it" test $((SECONDS - start)) -le 6
cm_stop "$listener" 2
listener=""

# A service that exits at once: the wait stops early and shows the service's log.
early="$(bash -c "source lib/common.sh
  echo 'boom: address in use' >'$work/dead.log'
  sleep 0.2 &
  CM_SERVICE_LOGS[\$!]='$work/dead.log'
  cm_service_wait_ready $port 30 \$!" 2>&1 || true)"
check "cm_service_wait_ready stops when the service has exited" grep -q 'exited before it was ready' <<<"$early"
check "... and prints the end of its log" grep -q 'boom: address in use' <<<"$early"

# A process that ignores SIGTERM is killed once the bound has passed.
bash -c 'trap "" TERM; exec sleep 60' &
stubborn=$!
start=$SECONDS
cm_stop "$stubborn" 1
check "cm_stop kills a process that ignores SIGTERM" bash -c "! kill -0 $stubborn 2>/dev/null"
check "... after about its bound" test $((SECONDS - start)) -le 4

check "cm_apt_install with only installed packages installs nothing" \
  bash -c 'source lib/common.sh; [[ -z "$(cm_apt_install bash coreutils)" ]]'

mkdir -p "$work/podman"
check "cm_podman_conf writes a configuration without default ulimits and exports it" \
  bash -c "source lib/common.sh; unset CONTAINERS_CONF; cm_podman_conf '$work/podman'
    [[ \$CONTAINERS_CONF == '$work/podman/containers.conf' ]] && grep -qx 'default_ulimits = \[\]' \"\$CONTAINERS_CONF\""
check "... and keeps a CONTAINERS_CONF that is already set" \
  bash -c "source lib/common.sh; CONTAINERS_CONF=/elsewhere.conf; cm_podman_conf '$work/podman'
    [[ \$CONTAINERS_CONF == /elsewhere.conf ]]"

((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
echo "lib/common.sh: all checks passed"
