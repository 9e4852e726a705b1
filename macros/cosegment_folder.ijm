// DINO co-segmentation of every image in a folder (one set): one 8-bit mask per image, 255 on the
// common foreground and 0 elsewhere, saved as <name>_mask.tif in the output folder with the
// image's size and calibration.
//
// Headless:
//   scripts/run-macro.sh macros/cosegment_folder.ijm \
//     "folder=[/data/images] output_folder=[/data/masks] model_file=[/models/dino.pth]"
// The argument is handed to "DINO Co-segmentation" with input=folder, so every key of that command
// works here (model, device, layer, facet, stride, load_size, saliency_threshold, votes_percentage,
// elbow, sample_interval, remove_outliers, outlier_threshold, heads, seed, bin, overwrite). The
// paper's checkboxes low_res_saliency and grabcut are on unless the argument turns them off
// (grabcut=false). Without an argument (in Fiji) it asks for the two folders. The command logs k,
// the salient clusters and the GrabCut fallbacks; a failure stops the macro with its message.

arg = getArgument();
if (arg == "") {
  arg = "folder=[" + getDirectory("Folder of images to co-segment") + "]";
  arg = arg + " output_folder=[" + getDirectory("Folder for the masks") + "]";
}
if (!hasKey(arg, "low_res_saliency")) arg = arg + " low_res_saliency";
if (!hasKey(arg, "grabcut")) arg = arg + " grabcut";

setBatchMode(true);
run("DINO Co-segmentation", "input=folder " + arg);
print("DINO co-segmentation: masks written");

// Whether the options name a key, as key=value or as a bare checkbox key.
function hasKey(options, key) {
  padded = " " + options + " ";
  return indexOf(padded, " " + key + "=") >= 0 || indexOf(padded, " " + key + " ") >= 0;
}
