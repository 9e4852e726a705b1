// DINO point correspondences between two images, saved as CSV (and optionally BigWarp landmarks).
//
// Headless:
//   scripts/run-macro.sh macros/correspondences_to_csv.ijm \
//     "a=[/data/cat1.png] b=[/data/cat2.png] csv=[/data/pairs.csv] model_file=[/models/dino.pth] bin"
// a, b: the two images; csv: the output CSV (match, x_a, y_a, x_b, y_b, similarity, saliency;
// sub-pixel coordinates in each original image, pixel i spanning [i, i+1)). Every other key is
// passed to "DINO Correspondences" as is (model, model_file, device, layer, facet, bin, stride,
// load_size, saliency_threshold, num_pairs, rule, seed, bigwarp_file). Note: bin is a checkbox,
// so the paper's binned descriptors need the key "bin" in the argument.

arg = getArgument();
a = call("ij.Macro.getValue", arg, "a", "");
b = call("ij.Macro.getValue", arg, "b", "");
csv = call("ij.Macro.getValue", arg, "csv", "");
options = replace(arg, "(^| )(a|b|csv)=(\\[[^\\]]*\\]|[^ ]*)", "");
if (a == "") a = File.openDialog("First image");
if (b == "") b = File.openDialog("Second image");
if (csv == "") csv = File.openDialog("CSV file to write");
setBatchMode(true);
open(a);
titleA = getTitle();
open(b);
titleB = getTitle();
run("DINO Correspondences", "image_a=[" + titleA + "] image_b=[" + titleB + "] csv_file=[" + csv + "] " + options);
selectImage(titleA);
n = 0;
if (selectionType() == 10) {
  getSelectionCoordinates(xs, ys);
  n = xs.length;
}
print("DINO correspondences: " + n + " pairs written to " + csv);
return "" + n;
