#!/usr/bin/env bash
# Side-by-side extractor benchmark: the Java/DJL extractor and our PyTorch reference
# (scripts/bench_pytorch.py) on the same machine with the same thread count.
# Usage: scripts/bench.sh [threads]   (default 2). Needs /usr/bin/python3 with torch for the
# PyTorch column (Debian: apt-get install python3-torch); writes target/bench/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-2}
mkdir -p target/bench
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt
CP="target/test-classes:target/classes:$(cat target/bench/classpath.txt)"
JAVA_OPTS="-Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
: > target/bench/java.jsonl
for cfg in "224 8 11" "224 8 9" "224 4 11" "224 4 9" "448 4 11" "448 4 9"; do
  set -- $cfg
  java $JAVA_OPTS -cp "$CP" sc.fiji.dinovit.bench.ExtractorBenchmark "$1" "$2" "$3" 2 5 2>/dev/null \
    | grep '^{' | tee -a target/bench/java.jsonl || echo "configuration $cfg failed" >&2
done
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  /usr/bin/python3 scripts/bench_pytorch.py --threads "$THREADS" --json target/bench/pytorch.json
fi
