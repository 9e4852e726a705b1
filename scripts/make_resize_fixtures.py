#!/usr/bin/env python3
"""Make the small Pillow LANCZOS fixtures used by LanczosResizerPillowTest.

Run from the repository root with a Python that has Pillow, NumPy and scikit-image:

    python3 scripts/make_resize_fixtures.py

Writes src/test/resources/fixtures/resize/:
  * source images (crops of scikit-image sample photos, PNG, mode RGB or L);
  * Pillow outputs of Image.resize((w, h), Image.LANCZOS) as PNG (modes RGB and L);
  * for mode F (float32, the [0,1] grayscale path) raw little-endian files: int32 width,
    int32 height, then width*height float32 values, row-major (extension .f32);
  * manifest.tsv: one line per case: mode, source file, target width, target height, expected file.

Pillow version used is written to the manifest header. The fixtures are deterministic.
"""
import os
import struct

import numpy as np
import PIL
from PIL import Image
import skimage.data

OUT = os.path.join("src", "test", "resources", "fixtures", "resize")


def save_f32(path, img):
    arr = np.asarray(img, dtype="<f4")
    h, w = arr.shape
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", w, h))
        f.write(arr.tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = ["# made by scripts/make_resize_fixtures.py with Pillow " + PIL.__version__,
             "# mode\tsource\twidth\theight\texpected"]

    sources = {
        # name: (array, mode)
        "chelsea_60x45.png": (skimage.data.chelsea()[80:125, 150:210], "RGB"),
        "chelsea_200x150.png": (skimage.data.chelsea()[40:190, 120:320], "RGB"),
        "camera_64x48.png": (skimage.data.camera()[100:148, 220:284], "L"),
    }
    cases = [
        ("chelsea_60x45.png", [(37, 28), (97, 73), (60, 30), (23, 45), (1, 1)]),
        ("chelsea_200x150.png", [(45, 34), (33, 150)]),
        ("camera_64x48.png", [(41, 29), (100, 75), (64, 20)]),
    ]
    for name, (arr, mode) in sources.items():
        Image.fromarray(np.ascontiguousarray(arr), mode).save(os.path.join(OUT, name))

    for name, sizes in cases:
        src = Image.open(os.path.join(OUT, name))
        stem = name[:-4]
        for (w, h) in sizes:
            out_name = "%s__%dx%d.png" % (stem, w, h)
            src.resize((w, h), Image.LANCZOS).save(os.path.join(OUT, out_name))
            lines.append("%s\t%s\t%d\t%d\t%s" % (src.mode, name, w, h, out_name))
            if src.mode == "L":
                # The float path: 8-bit values / 255 in float32, resized in Pillow mode F.
                f = np.asarray(src, dtype=np.float32) / np.float32(255)
                fimg = Image.fromarray(f, "F")
                f_name = "%s__%dx%d.f32" % (stem, w, h)
                save_f32(os.path.join(OUT, f_name), fimg.resize((w, h), Image.LANCZOS))
                lines.append("F\t%s\t%d\t%d\t%s" % (name, w, h, f_name))

    with open(os.path.join(OUT, "manifest.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
