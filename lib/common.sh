# shellcheck shell=bash
# Shared by the repository's shell scripts: the JDK 25, machine packages, the packaged service
# (package, start, wait until ready, stop) and local ports. Source it, do not run it:
#
#   source "$(dirname "$0")/../lib/common.sh"
#
# Every wait is bounded, every process started is tracked by its PID and stopped by that PID.
# Names start with cm_ so that they cannot clash with a caller's own functions.

CM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CM_JDK25_DEFAULT="${CM_JDK25_DEFAULT:-/usr/lib/jvm/temurin-25-jdk-amd64}"
CM_SERVICE_JAR="$CM_ROOT/service/target/quarkus-app/quarkus-run.jar"

# cm_use_jdk25: exports JAVA_HOME and puts its bin/ first on PATH. JAVA_HOME is kept when it
# names a JDK 25; else the machine's Temurin 25 is used (the default java here is 17); else the
# JDK of the javac on PATH, when that is a 25 (as on a CodeBuild image with corretto25).
cm_use_jdk25() {
  if ! cm_is_jdk25 "${JAVA_HOME:-}"; then
    local on_path=""
    if command -v javac >/dev/null; then
      on_path="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    fi
    if cm_is_jdk25 "$CM_JDK25_DEFAULT"; then
      JAVA_HOME="$CM_JDK25_DEFAULT"
    elif cm_is_jdk25 "$on_path"; then
      JAVA_HOME="$on_path"
    else
      cm_die "no JDK 25: not JAVA_HOME='${JAVA_HOME:-}', nor $CM_JDK25_DEFAULT, nor the javac on PATH"
    fi
  fi
  export JAVA_HOME
  case ":$PATH:" in
    ":$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
}

# cm_is_jdk25 DIR: DIR is a JDK (has javac) whose release file says version 25.
cm_is_jdk25() {
  [[ -n "$1" && -x "$1/bin/javac" && -f "$1/release" ]] && grep -q '^JAVA_VERSION="25[."]' "$1/release"
}

cm_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# cm_apt_install [--no-install-recommends] PACKAGE...: installs the Debian packages that are not
# installed yet (with the option, without their recommended packages). The package
# lists are refreshed only when an install from the current lists fails, and at most once per
# process, so a CI run that calls several scripts updates them once (on a fresh machine) or never.
cm_apt_install() {
  local missing=() pkg options=()
  if [[ "${1:-}" == --no-install-recommends ]]; then
    options=(--no-install-recommends)
    shift
  fi
  for pkg in "$@"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0
  echo "== installing ${missing[*]}"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null 2>&1; then
    return 0
  fi
  if [[ -z "${CM_APT_UPDATED:-}" ]]; then
    "${sudo[@]}" apt-get update -qq
    CM_APT_UPDATED=1
    export CM_APT_UPDATED
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null
}

# cm_require_commands COMMAND[=PACKAGE]...: installs the package of each command not on PATH
# (the package is named like the command unless given).
cm_require_commands() {
  local spec packages=()
  for spec in "$@"; do
    command -v "${spec%%=*}" >/dev/null || packages+=("${spec#*=}")
  done
  ((${#packages[@]} == 0)) || cm_apt_install "${packages[@]}"
}

# cm_python_with_yaml: prints a python3 that can import PyYAML, installing Debian's if none can.
cm_python_with_yaml() {
  local candidate
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  cm_apt_install python3 python3-yaml >&2
  /usr/bin/python3 -c 'import yaml' || cm_die "python3-yaml installed, yet /usr/bin/python3 cannot import yaml"
  echo /usr/bin/python3
}

# cm_port_free PORT: true when nothing accepts connections on 127.0.0.1:PORT.
cm_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# cm_require_free_ports PORT...: exits, naming the port, when one is taken.
cm_require_free_ports() {
  local port
  for port in "$@"; do
    cm_port_free "$port" || cm_die "port $port is in use; choose other ports (see the script's header)"
  done
}

# cm_package_service: builds the service jar when it is missing or older than a source file
# (after ./mvnw verify it is current and nothing is built).
cm_package_service() {
  if [[ ! -f "$CM_SERVICE_JAR" ]] \
    || [[ -n "$(find "$CM_ROOT/service/src" "$CM_ROOT/service/pom.xml" "$CM_ROOT/pom.xml" -newer "$CM_SERVICE_JAR" -print -quit)" ]]; then
    echo "== packaging the service"
    cm_use_jdk25
    (cd "$CM_ROOT" && ./mvnw -B -q --no-transfer-progress -pl service -am package -DskipTests)
  fi
}

declare -gA CM_SERVICE_LOGS=()

# cm_service_start PORT LOGFILE [NAME=VALUE...]: starts the packaged service on PORT in the
# background with the given extra environment and sets CM_SERVICE_PID. SERVICE_JAVA_OPTS, when
# set, holds extra JVM options (split on spaces).
cm_service_start() {
  local port="$1" log="$2"
  shift 2
  cm_use_jdk25
  local opts=()
  read -r -a opts <<<"${SERVICE_JAVA_OPTS:-}"
  env PORT="$port" "$@" "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$CM_SERVICE_JAR" >"$log" 2>&1 &
  CM_SERVICE_PID=$!
  CM_SERVICE_LOGS[$CM_SERVICE_PID]="$log"
}

# cm_service_wait_ready PORT SECONDS [PID]: until http://127.0.0.1:PORT/q/health/ready answers
# 200. Fails early when PID has exited; on failure prints the end of that service's log.
cm_service_wait_ready() {
  local port="$1" limit="$2" pid="${3:-}" exited=false
  # A deadline, not a count of polls: a poll that hangs (a port that accepts and never answers)
  # must not stretch the wait.
  local deadline=$((SECONDS + limit))
  while ((SECONDS < deadline)); do
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/q/health/ready" && return 0
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      exited=true
      break
    fi
    sleep 0.1
  done
  if $exited; then
    echo "the service on port $port exited before it was ready" >&2
  else
    echo "the service on port $port was not ready after ${limit} s" >&2
  fi
  if [[ -n "$pid" && -n "${CM_SERVICE_LOGS[$pid]:-}" ]]; then
    echo "-- end of ${CM_SERVICE_LOGS[$pid]}:" >&2
    tail -n 40 "${CM_SERVICE_LOGS[$pid]}" >&2
  fi
  return 1
}

# cm_stop PID [SECONDS]: SIGTERM, SIGKILL after SECONDS (default 30) if still running, then reaps
# it when it is a child of this shell.
cm_stop() {
  local pid="$1" limit="${2:-30}" i
  if kill -TERM "$pid" 2>/dev/null; then
    for ((i = 0; i < limit * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# cm_podman_conf DIR: podman on these machines may not raise ulimits, so unless CONTAINERS_CONF is
# already set, writes DIR/containers.conf with no default ulimits and exports CONTAINERS_CONF.
cm_podman_conf() {
  [[ -z "${CONTAINERS_CONF:-}" ]] || return 0
  printf '[containers]\ndefault_ulimits = []\n' >"$1/containers.conf"
  export CONTAINERS_CONF="$1/containers.conf"
}

# cm_extra_ca DIR: the certificates this machine adds to the public roots (an egress proxy that
# intercepts TLS), gathered into DIR/extra-ca.pem for the Dockerfile's extra_ca build secret, as a
# user behind such a proxy would hand them over. Prints the file's path, or nothing if there are none.
cm_extra_ca() {
  compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null || return 0
  cat /usr/local/share/ca-certificates/*.crt >"$1/extra-ca.pem"
  echo "$1/extra-ca.pem"
}

# cm_registry_start ADDRESS DIR LOGFILE: Debian's docker-registry (the distribution registry) on
# ADDRESS (127.0.0.1:PORT), plain HTTP, storing under DIR; waits until /v2/ answers (30 s) and sets
# CM_REGISTRY_PID. Stop it with cm_stop.
cm_registry_start() {
  local address="$1" dir="$2" log="$3"
  mkdir -p "$dir"
  cat >"$dir/registry.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: $address
YAML
  docker-registry serve "$dir/registry.yml" >"$log" 2>&1 &
  CM_REGISTRY_PID=$!
  local deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null --max-time 1 "http://$address/v2/"; do
    kill -0 "$CM_REGISTRY_PID" 2>/dev/null || cm_die "the registry exited; see $log"
    ((SECONDS < deadline)) || cm_die "the registry did not answer on $address within 30 s"
    sleep 0.1
  done
}
