#!/usr/bin/env bash
# Microbenchmark of the domain (ClockTime.parse + reflect) with allocation per call (-prof gc).
#   bench/jmh.sh            full (JMH defaults set in the benchmark: 3 x 1 s warm-up, 5 x 1 s)
#   bench/jmh.sh --quick    one short iteration each, for CI
#   JMH_BENCHMARKS=RequestMetricsBenchmark bench/jmh.sh   what EMF recording adds per answer
# Extra arguments after --quick, or instead of it, go to JMH. Writes bench/results/jmh.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/lib/common.sh"
cm_use_jdk25
OUT="${BENCH_OUT:-$ROOT/bench/results}"
mkdir -p "$OUT"
args=()
if [[ "${1:-}" == "--quick" ]]; then
  shift
  args=(-wi 1 -w 1s -i 2 -r 1s)
fi
cd "$ROOT"
# The benchmark depends on the service jar, so the service goes to the local repository first.
./mvnw -B -q --no-transfer-progress install -DskipTests -pl service -am
./mvnw -B -q --no-transfer-progress -f bench/jmh/pom.xml package
"$JAVA_HOME/bin/java" -jar bench/jmh/target/benchmarks.jar "${JMH_BENCHMARKS:-ClockTimeBenchmark}" -prof gc \
  -rf json -rff "$OUT/jmh.json" "${args[@]}" "$@" | tee "$OUT/jmh.txt" \
  | grep -E '^Benchmark|Benchmark\.[a-zA-Z]+(:gc\.alloc\.rate\.norm)? ' || true
