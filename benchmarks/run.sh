#!/usr/bin/env bash
# Runs the JMH benchmarks of benchmarks/ and writes their figures.
#   benchmarks/run.sh [--quick|--full]
#     --quick (default): a smoke check of every benchmark in a few minutes; figures in benchmarks/results/quick/
#     --full: the README's figures (about 25 minutes: three forks of each JMH benchmark, 10,000 churn cycles); JSON in benchmarks/results/full/, and the table
#             benchmarks/results/README-figures.adoc that README.adoc's Performance section copies.
# Builds what it needs (JDK 25 and Maven 3.9 are picked or fetched by tools/). Extra arguments after the mode go
# to every JMH run, e.g. `benchmarks/run.sh --quick -prof gc`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE="${1:---quick}"
case "$MODE" in
  --quick|--full) shift || true ;;
  *) echo "usage: benchmarks/run.sh [--quick|--full] [JMH options...]" >&2; exit 2 ;;
esac
NAME="${MODE#--}"

echo "Building the benchmarks..." >&2
tools/mvn -B -ntp -q -pl benchmarks -am package -DskipTests >&2
JAVA="$(tools/java-home)/bin/java"
CP="benchmarks/target/classes:benchmarks/target/lib/*"
OUT="benchmarks/results/$NAME"
rm -rf "$OUT" && mkdir -p "$OUT"
uptime > "$OUT/load-before.txt"
{ git rev-parse --short HEAD; git diff --quiet HEAD -- . || echo "(with uncommitted changes)"; } 2>/dev/null | paste -sd " " > "$OUT/commit.txt"

jmh() { # jmh <result name> <JMH arguments...>
  local name="$1"; shift
  echo "== $name" >&2
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$@" "${EXTRA[@]}" -rf json -rff "$OUT/$name.json" | tee "$OUT/$name.log"
}
EXTRA=("$@")

if [ "$NAME" = quick ]; then
  jmh submit      'SubmitToResult' -wi 2 -w 1 -i 3 -r 2
  jmh throughput  'InFlightThroughput' -p batch=1250 -wi 1 -w 2 -i 3 -r 2
  jmh deploy      'DeployLatency.(modulets|rawWatchService|pf4j)' -p delivery=events -wi 1 -w 2 -i 2 -r 3
  jmh deploy-rescan 'DeployLatency.modulets' -p delivery=rescanOnly -wi 0 -i 1 -r 5
  jmh firstcall   'FirstCall' -wi 1 -w 3 -i 2 -r 3
else # three forks (three JVM runs) of each, for a median and a spread over runs
  jmh submit      'SubmitToResult' -f 3
  jmh throughput  'InFlightThroughput' -f 3
  jmh deploy      'DeployLatency.(modulets|rawWatchService|pf4j)' -p delivery=events -f 3
  jmh deploy-rescan 'DeployLatency.modulets' -p delivery=rescanOnly -wi 0 -i 3 -r 15
  jmh firstcall   'FirstCall' -f 3
fi
uptime > "$OUT/load-after.txt"

"$JAVA" -cp "$CP" io.modulets.benchmarks.Churn "$NAME" | tee "$OUT/churn.txt"
# The same opens as the tests and demos (pom.xml's modulets.jdk.opens), which the leak remedies use.
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
       --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/jdk.internal.vm=ALL-UNNAMED
       --add-opens java.base/jdk.internal.misc=ALL-UNNAMED)
if [ "$NAME" = quick ]; then LEAKY=200; else LEAKY=1000; fi
"$JAVA" "${OPENS[@]}" -cp "$CP" io.modulets.benchmarks.Churn leaky "$LEAKY" | tee "$OUT/churn-leaky.txt"
"$JAVA" -cp "$CP" io.modulets.benchmarks.Memory "$OUT/memory.json" | tee "$OUT/memory.txt"

TABLE="$OUT/figures.adoc"
python3 benchmarks/report.py "$OUT" "$("$JAVA" -version 2>&1 | head -1)" > "$TABLE"
if [ "$NAME" = full ]; then
  cp "$TABLE" benchmarks/results/README-figures.adoc
fi
cat "$TABLE"
echo "Figures: $TABLE" >&2
