// DINO features of every image in a folder, each saved as <name>_features.tif in the output folder.
//
// Headless:
//   scripts/run-macro.sh macros/extract_features_folder.ijm \
//     "input=[/data/images] output=[/data/features] model_file=[/models/dino.pth] layer=11 stride=4"
// Every key other than input and output is passed to "DINO Extract Features" as is (model,
// model_file, device, layer, facet, stride, load_size, bin, seed). Without an argument (in Fiji)
// it asks for the folders and uses the command's defaults. The macro stops at the first failure.

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
options = replace(arg, "(input|output)=(\\[[^\\]]*\\]|[^ ]*)", "");
if (input == "") input = getDirectory("Folder of input images");
if (output == "") output = getDirectory("Folder for the features");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
if (!File.isDirectory(input)) exit("No such input folder: " + input);
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
  name = files[i];
  if (File.isDirectory(input + name) || !matches(toLowerCase(name), ".*\\.(png|jpe?g|tiff?|bmp|gif)$"))
    continue;
  open(input + name);
  source = getTitle();
  run("DINO Extract Features", options);
  saveAs("Tiff", output + File.nameWithoutExtension + "_features.tif");
  close();
  selectImage(source);
  close();
  done++;
  print("DINO features: " + name + " (" + done + ")");
}
print("DINO features of " + done + " images written to " + output);
