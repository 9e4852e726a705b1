#!/usr/bin/env bash
# Soak of issue 5 in ONE JVM: 300 extractions and 50 co-segmentations with a random-weight model of
# the ViT-S/8 shape (224 x 224, stride 8), a correspondence run and a cancel in the middle of each
# long stage (forward pass, elbow k-means, GrabCut, part co-seg CRF, correspondences) per round.
# Passes when no native DJL array outlives a run or a cancel, repeated work gives identical results
# and RSS grows by less than 100 MB after the first round (see docs/soak.md).
# Usage: scripts/soak.sh [extractions=300] [co-segmentations=50] [rounds=5] [threads=2]
# Runs from a copy of the compiled classes (safe to rebuild meanwhile); writes target/soak/soak.log
# and target/soak/soak.json; exit status 0 = pass.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRACTIONS=${1:-300}; COSEGS=${2:-50}; ROUNDS=${3:-5}; THREADS=${4:-2}
mkdir -p target/soak; : > target/soak/soak.err
mvn -q -B -o test-compile
[ -f target/classpath.txt ] || mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
COPY=$(mktemp -d /tmp/dinovit-soak.XXXXXX)
cp -r target/classes "$COPY/classes"; cp -r target/test-classes "$COPY/test-classes"
CP="$COPY/test-classes:$COPY/classes:$(cat target/classpath.txt)"
JAVA_OPTS="-Xmx1g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), java $(java -version 2>&1 | head -1)" \
  | tee target/soak/soak.log
set +e
java $JAVA_OPTS -cp "$CP" sc.fiji.dinovit.bench.SoakBenchmark "$EXTRACTIONS" "$COSEGS" "$ROUNDS" 2>>target/soak/soak.err \
  | tee -a target/soak/soak.log
STATUS=${PIPESTATUS[0]}
set -e
grep '^{' target/soak/soak.log > target/soak/soak.json || true
rm -rf "$COPY"
exit "$STATUS"
