#!/usr/bin/env bash
# Main job: dense DINO descriptors + saliency of images, headless, from the command line.
#   scripts/extract-features.sh [options] [IMAGE...]      (options: --help)
# With no image it processes the bundled test images with the default model (dino_vits8,
# downloaded on first use into the model cache; see README). Where the model cannot be
# downloaded (an offline machine) it says so and falls back to the bundled tiny DEMO
# checkpoint, clearly labelled, so the pipeline still runs end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/classes/sc/fiji/dinovit/cli/ExtractFeaturesCli.class ] || [ ! -f target/classpath.txt ] \
   || [ -n "$(find src/main pom.xml -newer target/classpath.txt -print -quit)" ]; then
  mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--output target/dino-features --demo-fallback src/test/resources/fixtures/models/v1_p8/official.pth
        --load-size 224 --stride 4 test-images/chelsea.png)
fi
exec java -Xmx4g -cp "target/classes:$(cat target/classpath.txt)" sc.fiji.dinovit.cli.ExtractFeaturesCli "${args[@]}"
