#!/usr/bin/env bash
# Main job: zero-shot co-segmentation of the bundled test images (test-images/), headless, through
# an ImageJ macro ("DINO Co-segmentation" via macros/main_job_cosegment_test_images.ijm).
#   scripts/main-job.sh [OUTPUT_FOLDER] ["EXTRA KEYS"]
# e.g. scripts/main-job.sh target/main-job "stride=4 load_size=224 device=cpu"
#
# Model: DINO_MODEL_FILE=/path/to/checkpoint.pth uses that file (offline sites: a local copy of
# dino_deitsmall8_pretrain.pth). Otherwise dino_vits8 is taken from the model cache, downloaded on
# first use (about 87 MB; cache folder: -Ddino.models.dir via DINO_JAVA_OPTS, DINO_MODELS_DIR, or
# the user cache). When it cannot be downloaded (offline mode, no network, server error) the script
# warns LOUDLY and falls back to the bundled tiny DEMO checkpoint (random weights, 3 layers, so
# layer=2): the pipeline then runs end to end but its masks are NOT meaningful.
# Exit status: that of the macro (0 success, 1 failure, 2 bad arguments).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/main-job}"
extra="${2:-}"
demo="$root/src/test/resources/fixtures/models/v1_p8/official.pth"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if [ -n "${DINO_MODEL_FILE:-}" ]; then
  if [ ! -f "$DINO_MODEL_FILE" ]; then
    echo "ERROR: DINO_MODEL_FILE=$DINO_MODEL_FILE does not exist: give the path of a .pth checkpoint" >&2
    exit 2
  fi
  model="model_file=[$(cd "$(dirname "$DINO_MODEL_FILE")" && pwd)/$(basename "$DINO_MODEL_FILE")]"
  echo "DINO main job: model file $DINO_MODEL_FILE"
else
  echo "DINO main job: making sure model dino_vits8 is in the model cache (downloaded on first use) ..."
  set +e
  log="$("$root/scripts/run-macro.sh" "$root/macros/dino_models.ijm" "action=download model=dino_vits8" 2>&1)"
  status=$?
  set -e
  echo "$log" | grep '^DINO models:' | grep -v '^DINO models:   ' || true
  if [ $status -eq 0 ]; then
    model="model=dino_vits8"
  elif grep -q 'action=import model=' <<<"$log"; then
    # ModelsCommand adds this advice only when the server cannot be reached or offline mode is on
    echo "$log" | grep -v '^DINO models:' >&2
    cat >&2 <<WARN

############################################################################################
# WARNING: model dino_vits8 could not be downloaded (see above).
# WARNING: falling back to the bundled tiny DEMO checkpoint
# WARNING:   $demo
# WARNING: (random weights, 3 layers, layer=2). The masks written are a SMOKE TEST ONLY,
# WARNING: NOT a meaningful co-segmentation. For real results run once with internet access,
# WARNING: or set DINO_MODEL_FILE=/path/to/dino_deitsmall8_pretrain.pth.
############################################################################################

WARN
    model="model_file=[$demo] layer=2"
  else
    echo "$log" >&2
    echo "ERROR: the model cache failed (see above); nothing was co-segmented" >&2
    exit 1
  fi
fi

exec "$root/scripts/run-macro.sh" "$root/macros/main_job_cosegment_test_images.ijm" \
  "folder=[$root/test-images] output_folder=[$out] $model $extra"
