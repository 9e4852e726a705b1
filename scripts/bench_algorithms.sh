#!/usr/bin/env bash
# Algorithm benchmarks, Java vs numpy/scikit-learn on the same machine and inputs
# (docs/benchmarks-algorithms.md). Each case runs in its own process (peak memory per case),
# RUNS times (median reported). Writes target/bench-algorithms/results.jsonl.
# Usage: scripts/bench_algorithms.sh [threads] [runs]      (defaults: nproc, 3)
# Env: PYTHON (default /usr/bin/python3, needs numpy + scikit-learn), RESTARTS (default 10),
#      BUDGET_MB (store heap budget, default 128), XMX (coseg JVM heap, default 768m),
#      MVN_FLAGS (default -o: offline), CASES (default "logbin bestbuddies coseg tight sklearn";
#      "tight" reruns the Java co-segmentation with XMX_TIGHT=256m and BUDGET_TIGHT_MB=64 to show
#      that 1,000 images (1.5 GB of descriptors) run in a small heap).
#      Optional cases, not in the default list (long): "parts" = part co-segmentation after
#      extraction (two stages, num_parts 4, CRF) on 10/100/1,000 synthetic images, and
#      "partpipeline" = the whole part co-segmentation pipeline with a random-weight ViT-S/8
#      (PartCosegPipelineBenchmark; 1,000 images take hours on a shared 2-core machine), both in
#      XMX_PARTS=512m with BUDGET_PARTS_MB=64; PART_SIZES (default "10 100 1000") picks the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-$(nproc)}
RUNS=${2:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
RESTARTS=${RESTARTS:-10}
BUDGET_MB=${BUDGET_MB:-128}
XMX=${XMX:-768m}
XMX_TIGHT=${XMX_TIGHT:-256m}
BUDGET_TIGHT_MB=${BUDGET_TIGHT_MB:-64}
CASES=${CASES:-logbin bestbuddies coseg tight sklearn}
XMX_PARTS=${XMX_PARTS:-512m}
BUDGET_PARTS_MB=${BUDGET_PARTS_MB:-64}
PART_SIZES=${PART_SIZES:-10 100 1000}
has() { [[ " $CASES " == *" $1 "* ]]; }
OUT=target/bench-algorithms
mkdir -p "$OUT"
mvn -q -B ${MVN_FLAGS--o} test-compile
CP="target/test-classes:target/classes:$(mvn -q -B ${MVN_FLAGS--o} dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
RES="$OUT/results.jsonl"   # appended to; delete it for a fresh set
printf '{"case":"machine","nproc":%s,"cpu":"%s","loadavg_start":"%s","java":"%s","threads":%s,"runs":%s}\n' \
  "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(cat /proc/loadavg)" \
  "$(java -version 2>&1 | head -1 | tr -d '"')" "$THREADS" "$RUNS" | tee -a "$RES"
bench() { # label, command...
  local label=$1; shift
  local t0=$SECONDS
  "$@" | grep '^{' | sed "s/^{/{\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",/" | tee -a "$RES"
  echo "  ($label: $((SECONDS - t0)) s)" >&2
}
if has logbin; then
  bench "java logbin"  java -Xmx1g -cp "$CP" sc.fiji.dinovit.bench.AlgorithmBenchmark logbin "$RUNS" "$THREADS"
  bench "numpy logbin" "$PYTHON" scripts/bench_algorithms.py logbin "$RUNS"
fi
if has bestbuddies; then
  bench "java bestbuddies"  java -Xmx2g -cp "$CP" sc.fiji.dinovit.bench.AlgorithmBenchmark bestbuddies "$RUNS" "$THREADS"
  bench "numpy bestbuddies" "$PYTHON" scripts/bench_algorithms.py bestbuddies "$RUNS"
fi
for n in 10 100 1000; do
  has coseg && bench "java coseg $n" java -Xmx$XMX -cp "$CP" sc.fiji.dinovit.bench.AlgorithmBenchmark coseg "$n" \
    "$RUNS" "$THREADS" "$BUDGET_MB" "$RESTARTS"
  has tight && bench "java coseg $n (tight heap)" java -Xmx$XMX_TIGHT -cp "$CP" \
    sc.fiji.dinovit.bench.AlgorithmBenchmark coseg "$n" "$RUNS" "$THREADS" "$BUDGET_TIGHT_MB" "$RESTARTS"
done
for n in $PART_SIZES; do
  has parts && bench "java parts $n" java -Xmx$XMX_PARTS -cp "$CP" sc.fiji.dinovit.bench.AlgorithmBenchmark parts \
    "$n" "$BUDGET_PARTS_MB"
  has partpipeline && bench "java part pipeline $n" java -Xmx$XMX_PARTS -cp "$CP" \
    sc.fiji.dinovit.bench.PartCosegPipelineBenchmark "$n" "$BUDGET_PARTS_MB"
done
if has sklearn; then
  for n in 10 100; do
    bench "sklearn coseg $n" "$PYTHON" scripts/bench_algorithms.py coseg "$n" "$RUNS" "$RESTARTS"
  done
fi
echo "Results: $RES" >&2
