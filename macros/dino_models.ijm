// The DINO model cache from the command line: the argument is passed to "DINO Models" as is.
//   scripts/run-macro.sh macros/dino_models.ijm "action=list"
//   scripts/run-macro.sh macros/dino_models.ijm "action=download model=dino_vits8"
//   scripts/run-macro.sh macros/dino_models.ijm "action=import model=dino_vits8 file=[/data/dino_deitsmall8_pretrain.pth]"
// The log lists the cache folder (and how it was chosen), the DJL / PyTorch versions, the device and
// every model (present, size, SHA-256). A failure (e.g. offline) is printed and the exit status is 1.
run("DINO Models", getArgument());
