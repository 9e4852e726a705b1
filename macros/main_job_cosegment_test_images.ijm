// Main job: zero-shot co-segmentation of the bundled test images (test-images/), headless.
//
//   scripts/main-job.sh                                  (resolves the model, then runs this macro)
//   scripts/run-macro.sh macros/main_job_cosegment_test_images.ijm \
//     "folder=[test-images] output_folder=[target/main-job] model=dino_vits8"
//
// Keys of the argument: folder (the test-images/ folder), output_folder (e.g. target/main-job;
// both default to those paths when ImageJ knows where this macro file is), and any key of
// "DINO Co-segmentation" (model, model_file, device, layer, stride, load_size,
// saliency_threshold, ...), passed on as is. model=dino_vits8 is downloaded on first use;
// offline sites give model_file=[/path/to/dino_deitsmall8_pretrain.pth] instead. The macro stops at
// the first failure (the command's message is printed and the exit status is 1).

arg = getArgument();
folder = call("ij.Macro.getValue", arg, "folder", "");
output = call("ij.Macro.getValue", arg, "output_folder", "");
options = replace(arg, "(folder|output_folder)=(\\[[^\\]]*\\]|[^ ]*)", "");
List.setCommands;
if (List.get("DINO Co-segmentation") == "")
  exit("The command \"DINO Co-segmentation\" is not installed: update the DINO_ViT_Features jar");
here = getInfo("macro.filepath"); // "null" when the macro is run from text (the headless runner)
if (here != "" && here != "null") repo = File.getParent(File.getParent(here)) + File.separator;
else repo = "";
if (folder == "" && repo != "") folder = repo + "test-images";
if (output == "" && repo != "") output = repo + "target" + File.separator + "main-job";
if (folder == "" || output == "") exit("Give folder=[...] and output_folder=[...] in the macro argument");
if (!File.isDirectory(folder)) exit("No such image folder: " + folder + " (give folder=[...])");
File.makeDirectory(output);
if (!File.isDirectory(output)) exit("Cannot create the output folder " + output + " (give output_folder=[...])");

setBatchMode(true);
print("DINO main job: co-segmentation of " + folder + " -> " + output);
run("DINO Co-segmentation", "input=folder folder=[" + folder + "] output_folder=[" + output + "] overwrite " + options);
print("DINO main job: done; results in " + output);
