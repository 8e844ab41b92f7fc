#!/usr/bin/env bash
# Prints how many tests each module ran, read from a Maven build's log: the totals Surefire (unit
# and component tests) and Failsafe (tests of the packaged app) print per module, and the sum.
# Fails when the log holds no totals, or any total counts a failure or an error.
#
#   .ci/test-counts.sh BUILD_LOG
set -euo pipefail
[[ $# -eq 1 && -f "$1" ]] || { echo "usage: $0 BUILD_LOG" >&2; exit 2; }
python3 - "$1" <<'PY'
import re, sys

plugin = re.compile(r"--- (surefire|failsafe):\S+:(test|integration-test) \(\S+\) @ clockmirror-(\S+) ---")
totals = re.compile(r"\[\w+\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$")
kinds = {"surefire": "unit/component", "failsafe": "packaged app"}
rows, where = [], None
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    if m := plugin.search(line):
        where = (m.group(3), kinds[m.group(1)])
    elif where and (m := totals.search(line)):
        rows.append((*where, *map(int, m.groups())))
        where = None
if not rows:
    sys.exit(f"{sys.argv[1]}: no test totals found")
for module, kind, run, failed, errors, skipped in rows:
    print(f"tests {module} ({kind}): {run} run, {failed} failed, {errors} errors, {skipped} skipped")
run, failed, errors, skipped = (sum(r[i] for r in rows) for i in range(2, 6))
print(f"tests total: {run} run, {failed} failed, {errors} errors, {skipped} skipped")
sys.exit(1 if failed + errors else 0)
PY
