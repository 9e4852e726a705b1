#!/usr/bin/env bash
# Long run of the checkpoint fuzzer (see docs/fuzzing.md).
#   scripts/fuzz.sh [cases] [seed] [first-case] [workdir] [all|small] [max-seconds]
# Builds the test classes, copies them to a temp folder (so that a rebuild meanwhile does not
# disturb the run) and runs sc.fiji.dinovit.model.checkpoint.CheckpointFuzzMain from the
# repository root. Failed cases are printed and their inputs kept under <workdir>/findings;
# replay one with: scripts/fuzz.sh 1 <seed> <case> <workdir>
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-200000}
SEED=${2:-1}
FIRST=${3:-0}
WORK=${4:-$(mktemp -d -t ckpt-fuzz-XXXXXX)}
CORPUS=${5:-all}
MAXSEC=${6:-999999999}
mvn -B -o -q test-compile
[ -f target/classpath.txt ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CLASSES=$(mktemp -d -t ckpt-fuzz-classes-XXXXXX)
cp -r target/classes "$CLASSES/classes"
cp -r target/test-classes "$CLASSES/test-classes"
echo "fuzzing: $CASES cases, seed $SEED from case $FIRST, corpus $CORPUS, work folder $WORK"
exec java -Xmx2g -cp "$CLASSES/test-classes:$CLASSES/classes:$(cat target/classpath.txt)" \
	sc.fiji.dinovit.model.checkpoint.CheckpointFuzzMain "$CASES" "$SEED" "$FIRST" "$WORK" "$CORPUS" "$MAXSEC"
