package sc.fiji.dinovit.algorithms.coseg;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * From a mask on the patch grid to pixel masks, with the right geometry.
 * <p>
 * Patch grid to resized pixels: every pixel takes the value of the patch whose window
 * <em>centre</em> ({@code r * stride + patch / 2}, see {@link PatchGrid}) is nearest to the
 * pixel's centre; pixels of the right and bottom strips beyond the last full patch window take
 * the last column's and row's value. The reference instead stretches the rows x cols grid over the
 * whole image (Pillow nearest on the grid), which ignores where the patches are and shifts the
 * mask by up to about half a patch near the right and bottom edges (reference-behaviour.md 3.2
 * step 8, an observation); this class deliberately does not copy that.
 * <p>
 * Resized to original pixels: nearest neighbour with pixel-centre alignment
 * ({@link NearestResize}), the inverse of the load_size resize's mapping of image edges onto
 * image edges. Stateless.
 */
public final class MaskGeometry {

	private MaskGeometry() {}

	/**
	 * @param patchMask rows * cols values, row-major over the grid
	 * @return grid.width() * grid.height() values, row-major, in resized-image pixels
	 */
	public static boolean[] patchesToPixels(final boolean[] patchMask, final PatchGrid grid) {
		if (patchMask.length != grid.numPatches()) throw new IllegalArgumentException("Patch mask has " +
			patchMask.length + " values for a grid of " + grid.numPatches() + " patches");
		final int w = grid.width();
		final int h = grid.height();
		final int[] colOf = new int[w];
		for (int x = 0; x < w; x++)
			colOf[x] = grid.nearestCol(x + 0.5);
		final boolean[] out = new boolean[w * h];
		for (int y = 0; y < h; y++) {
			final int rowBase = grid.nearestRow(y + 0.5) * grid.cols();
			for (int x = 0; x < w; x++)
				out[y * w + x] = patchMask[rowBase + colOf[x]];
		}
		return out;
	}

	/**
	 * Maps a mask of the resized image onto the original image's pixels.
	 *
	 * @param resized width * height values of the resized image
	 * @return originalWidth * originalHeight values; the same contents if the sizes are equal
	 */
	public static boolean[] toOriginal(final boolean[] resized, final int width, final int height,
		final int originalWidth, final int originalHeight)
	{
		return NearestResize.resize(resized, width, height, originalWidth, originalHeight);
	}
}
