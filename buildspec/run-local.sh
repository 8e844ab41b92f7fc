#!/usr/bin/env bash
# Runs a CodeBuild buildspec of this repository on this machine, the way CodeBuild would; the
# runner itself, and what it does and does not reproduce, is buildspec/run_local.py.
#
#   buildspec/run-local.sh NAME           e.g. buildspec/run-local.sh unit-test
#   buildspec/run-local.sh --plan NAME    print what would run and what would be skipped
#
# This wrapper puts JDK 25 first (the buildspecs ask for corretto25; this machine's default java
# is 17) and finds a python3 with PyYAML (installing Debian's python3-yaml if none has it).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cm_use_jdk25
python="$(cm_python_with_yaml)"
exec "$python" "$CM_ROOT/buildspec/run_local.py" "$@"
