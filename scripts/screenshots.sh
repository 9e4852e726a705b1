#!/usr/bin/env bash
# Makes the README's screenshots (docs/screenshots/*.png) of every DINO command's real ImageJ 1
# dialog and result windows, under a virtual display (Xvfb), with test-images/ and the tiny
# random-weight fixture model (its features are meaningless: the pictures show the user interface).
#   scripts/screenshots.sh [OUTPUT_DIR]        (default docs/screenshots)
# Needs xvfb-run (Debian: apt-get install -y xvfb); builds the test classes when needed. The model
# cache of the run is a temporary folder (DINO Models imports the fixture model there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/docs/screenshots}" && cd "${1:-$root/docs/screenshots}" && pwd)"
command -v xvfb-run >/dev/null || { echo "xvfb-run not found: apt-get install -y xvfb" >&2; exit 2; }
cd "$root"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
xvfb-run -a -s "-screen 0 1280x900x24" java -Ddino.models.dir="$cache" -Dai.djl.offline=true \
  -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" \
  sc.fiji.dinovit.ij1.DisplayDriver screenshots \
  "$root/src/test/resources/fixtures/models/v1_p8/official.pth" "$root/test-images" "$out"
ls -l "$out"
