// DINO part co-segmentation of the frames of a time-lapse: opens a stack, labels every frame
// (0 = background, 1..K = parts; the same id is the same part in every frame) and saves the label
// stack (8-bit with a Glasbey-like LUT, same frames and calibration as the stack) as TIFF.
//
// Headless:
//   scripts/run-macro.sh macros/part_cosegment_timelapse.ijm \
//     "stack=[/data/movie.tif] output=[/data/movie_parts.tif] model_file=[/models/dino.pth] num_parts=4"
// output defaults to <stack name>_parts.tif next to the stack. A plain stack's slices are taken
// as its frames; a stack with both slices and frames is refused. Every other key is handed to
// "DINO Part Co-segmentation" with input=stack (model, device, layer, facet, stride, load_size,
// num_parts, three_stages, elbow, elbow_second_stage, saliency_threshold, votes_percentage,
// sample_interval, seed). crf and low_res_saliency are on unless the argument turns them off
// (crf=false). Without an argument (in Fiji) it asks for the stack.

arg = getArgument();
path = keyValue(arg, "stack");
output = keyValue(arg, "output");
if (path == "") path = File.openDialog("A time-lapse stack");
if (output == "") output = File.getDirectory(path) + File.getNameWithoutExtension(path) + "_parts.tif";
options = removeKey(removeKey(arg, "stack"), "output");
if (!hasKey(options, "crf")) options = options + " crf";
if (!hasKey(options, "low_res_saliency")) options = options + " low_res_saliency";

setBatchMode(true);
open(path);
getDimensions(width, height, channels, slices, frames);
if (frames == 1 && slices > 1) Stack.setDimensions(channels, 1, slices);
run("DINO Part Co-segmentation", "input=stack " + options);
saveAs("Tiff", output);
print("DINO part co-segmentation of " + nSlices + " frames saved to " + output);

// The value of key=value or key=[value with spaces], or "" when the key is not there.
function keyValue(options, key) {
  padded = " " + options;
  i = indexOf(padded, " " + key + "=");
  if (i < 0) return "";
  rest = substring(padded, i + lengthOf(key) + 2);
  if (startsWith(rest, "[")) return substring(rest, 1, indexOf(rest, "]"));
  if (indexOf(rest, " ") < 0) return rest;
  return substring(rest, 0, indexOf(rest, " "));
}

function removeKey(options, key) {
  return replace(" " + options, " " + key + "=(\\[[^\\]]*\\]|[^ ]*)", "");
}

// Whether the options name a key, as key=value or as a bare checkbox key.
function hasKey(options, key) {
  padded = " " + options + " ";
  return indexOf(padded, " " + key + "=") >= 0 || indexOf(padded, " " + key + " ") >= 0;
}
