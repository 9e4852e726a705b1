#!/usr/bin/env python3
"""Regenerate the GrabCut parity fixtures in src/test/resources/fixtures/grabcut/.

For a few skimage.data images (resized so that the shorter side is 224 px) this script
  1. builds a plausible coarse foreground mask the way the reference pipeline produces one:
     a blob on a coarse patch grid (here: an ellipse, optionally intersected with a colour
     threshold), upsampled to the image with Pillow-style NEAREST (src = floor((i+0.5)*in/out)),
  2. builds the reference trimap (reference-behaviour.md section 3.2 step 9): PR_FGD everywhere,
     BGD where the inverted mask eroded once by a 7x7 all-ones element is set, FGD where the mask
     eroded the same way is set (cv2.erode's default border does not erode at the image edge),
  3. runs cv2.grabCut(img, trimap, None, bgd, fgd, 5, cv2.GC_INIT_WITH_MASK) on the RGB image
     (as the reference does, although OpenCV assumes BGR).

Files per image <name>:
  <name>_rgb.png      the 8-bit RGB image
  <name>_coarse.png   the coarse mask, 0 or 255
  <name>_trimap.png   the trimap, raw GrabCut labels 0..3 (BGD, FGD, PR_BGD, PR_FGD)
  <name>_opencv.png   cv2.grabCut's output label map, raw labels 0..3

The OpenCV RNG is reseeded (cv2.setRNGSeed(0)) before every grabCut so that the fixtures are
reproducible; the reference does not do this, and the Java port does not reproduce OpenCV's RNG.

Needs Debian's python3-opencv and python3-skimage: run it with /usr/bin/python3 from the
repository root.
"""
import os

import cv2
import numpy as np
import skimage.data

OUT = os.path.join("src", "test", "resources", "fixtures", "grabcut")
PATCH = 8  # coarse grid cell size in pixels, like a ViT with stride 8


def resize_short_side(img, short=224):
    h, w = img.shape[:2]
    if h <= w:
        size = (int(w * short / h), short)
    else:
        size = (short, int(h * short / w))
    return cv2.resize(img, size, interpolation=cv2.INTER_AREA)


def nearest_upsample(grid, h, w):
    rows, cols = grid.shape
    ys = np.floor((np.arange(h) + 0.5) * rows / h).astype(int)
    xs = np.floor((np.arange(w) + 0.5) * cols / w).astype(int)
    return grid[ys][:, xs]


def coarse_mask(img, cy, cx, ry, rx, keep=None):
    """Ellipse (centre and radii as fractions of the image) decided on a coarse grid, optionally
    intersected with a per-cell colour predicate, then NEAREST-upsampled."""
    h, w = img.shape[:2]
    rows, cols = 1 + (h - PATCH) // PATCH, 1 + (w - PATCH) // PATCH
    gy, gx = np.mgrid[0:rows, 0:cols]
    py = (gy * PATCH + PATCH / 2) / h
    px = (gx * PATCH + PATCH / 2) / w
    grid = ((py - cy) / ry) ** 2 + ((px - cx) / rx) ** 2 <= 1
    if keep is not None:
        cells = cv2.resize(img, (cols, rows), interpolation=cv2.INTER_AREA).astype(float)
        grid &= keep(cells)
    return nearest_upsample(grid, h, w).astype(np.uint8)


def trimap(mask):
    kernel = np.ones((7, 7), np.uint8)
    sure_fg = cv2.erode(mask, kernel, iterations=1)
    sure_bg = cv2.erode(1 - mask, kernel, iterations=1)
    t = np.full(mask.shape, cv2.GC_PR_FGD, np.uint8)
    t[sure_bg == 1] = cv2.GC_BGD
    t[sure_fg == 1] = cv2.GC_FGD
    return t


def rocket_224x298():
    img = skimage.data.rocket()[:, 100:670 - 100]  # 427 x 540 around the rocket
    return cv2.resize(img, (298, 224), interpolation=cv2.INTER_AREA)


CASES = {
    # the cat's face and body
    "chelsea": (lambda: resize_short_side(skimage.data.chelsea()),
                dict(cy=0.55, cx=0.45, ry=0.45, rx=0.30)),
    # the cup and saucer
    "coffee": (lambda: resize_short_side(skimage.data.coffee()),
               dict(cy=0.45, cx=0.50, ry=0.40, rx=0.38)),
    # the astronaut's head and shoulders, minus the dark-blue background cells
    "astronaut": (lambda: resize_short_side(skimage.data.astronaut()),
                  dict(cy=0.55, cx=0.40, ry=0.50, rx=0.32,
                       keep=lambda c: c.sum(axis=2) > 150)),
    # the rocket on the launch pad, 224 x 298 like a ViT input at load size 224
    "rocket": (rocket_224x298, dict(cy=0.50, cx=0.50, ry=0.50, rx=0.14)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (load, blob) in CASES.items():
        rgb = load()
        mask = coarse_mask(rgb, **blob)
        tri = trimap(mask)
        result = tri.copy()
        bgd = np.zeros((1, 65), np.float64)
        fgd = np.zeros((1, 65), np.float64)
        cv2.setRNGSeed(0)
        cv2.grabCut(rgb, result, None, bgd, fgd, 5, cv2.GC_INIT_WITH_MASK)
        fg = (result == cv2.GC_FGD) | (result == cv2.GC_PR_FGD)
        base = os.path.join(OUT, name)
        # cv2.imwrite expects BGR: flip so that the PNG holds the true RGB colours.
        cv2.imwrite(base + "_rgb.png", rgb[:, :, ::-1], [cv2.IMWRITE_PNG_COMPRESSION, 9])
        cv2.imwrite(base + "_coarse.png", mask * 255, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        cv2.imwrite(base + "_trimap.png", tri, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        cv2.imwrite(base + "_opencv.png", result, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        print(f"{name}: {rgb.shape[0]}x{rgb.shape[1]}, coarse {mask.mean():.3f}, "
              f"grabcut fg {fg.mean():.3f}, coarse-vs-grabcut Jaccard "
              f"{(fg & (mask == 1)).sum() / (fg | (mask == 1)).sum():.3f}")


if __name__ == "__main__":
    main()
