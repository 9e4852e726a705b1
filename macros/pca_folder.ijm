// DINO feature PCA of every image in a folder, one RGB PNG per image (<name>_pca.png).
//
// Headless:
//   scripts/run-macro.sh macros/pca_folder.ijm \
//     "input=[/data/images] output=[/data/pca] model_file=[/models/dino.pth] together upscale"
// input, output: the folders. Every other key is passed to "DINO Feature PCA" as is (model,
// model_file, device, layer, facet, bin, stride, load_size, components, together, rgb_components,
// upscale, seed, overwrite). together (one PCA over all images, the reference's setting) and
// upscale are checkboxes: give the key to turn them on. Existing results stop the run unless
// overwrite is given; files that are not images are skipped.

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
options = replace(arg, "(^| )(input|output)=(\\[[^\\]]*\\]|[^ ]*)", "");
if (input == "") input = getDirectory("Folder of input images");
if (output == "") output = getDirectory("Folder for the PCA images");
setBatchMode(true);
run("DINO Feature PCA", "input=folder folder=[" + input + "] output_folder=[" + output + "] " + options);
print("DINO PCA images written to " + output);
