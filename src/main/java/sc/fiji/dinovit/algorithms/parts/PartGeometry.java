package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Maps between the patch grid, the resized image and the original image for part labels.
 * <ul>
 * <li><b>Grid to resized pixels</b> ({@link #patchOfPixel}): each resized pixel takes the patch
 * whose window centre (r &middot; s + p/2, c &middot; s + p/2) is nearest to the pixel centre
 * (x + 0.5, y + 0.5), via {@link PatchGrid#nearestRow}/{@link PatchGrid#nearestCol}. The
 * reference instead stretches the rows x cols grid over the whole image with PyTorch nearest
 * (src = floor(i &middot; rows / H)), which ignores the patch geometry and shifts labels by up to
 * about p/2 pixels towards the top left (more where the grid does not cover the right and bottom
 * strips). We use the patch centres because that is where the descriptors were computed.</li>
 * <li><b>Resized pixels to grid</b> ({@link #sampleAtPatchCentres}, the third stage's
 * downsampling): each patch takes the label of the pixel containing its window centre,
 * floor(r &middot; s + p/2), clamped (the reference: PyTorch nearest, src = floor(i &middot; H / rows)).</li>
 * <li><b>Resized to original pixels</b> ({@link #toOriginal}): nearest neighbour with pixel centres
 * aligned, src = floor((X + 0.5) &middot; W / W_original), clamped (Pillow's NEAREST rule).</li>
 * </ul>
 * Stateless.
 */
final class PartGeometry {

	private PartGeometry() {}

	/** For every resized pixel (row-major, grid.width() x grid.height()), the index of its nearest patch. */
	static int[] patchOfPixel(final PatchGrid grid) {
		final int w = grid.width(), h = grid.height();
		final int[] col = new int[w];
		for (int x = 0; x < w; x++)
			col[x] = grid.nearestCol(x + 0.5);
		final int[] out = new int[w * h];
		for (int y = 0; y < h; y++) {
			final int row = grid.nearestRow(y + 0.5);
			for (int x = 0; x < w; x++)
				out[y * w + x] = grid.index(row, col[x]);
		}
		return out;
	}

	/** The resized-pixel label at every patch centre, row-major over the grid. */
	static int[] sampleAtPatchCentres(final int[] pixelLabels, final PatchGrid grid) {
		final int[] out = new int[grid.numPatches()];
		for (int r = 0; r < grid.rows(); r++) {
			final int y = Math.min(grid.height() - 1, (int) Math.floor(grid.centerY(r)));
			for (int c = 0; c < grid.cols(); c++) {
				final int x = Math.min(grid.width() - 1, (int) Math.floor(grid.centerX(c)));
				out[grid.index(r, c)] = pixelLabels[y * grid.width() + x];
			}
		}
		return out;
	}

	/** Nearest-neighbour resampling of a label image from width x height to outWidth x outHeight. */
	static int[] toOriginal(final int[] labels, final int width, final int height, final int outWidth,
		final int outHeight)
	{
		if (outWidth == width && outHeight == height) return labels.clone();
		final int[] sx = nearestSource(width, outWidth);
		final int[] sy = nearestSource(height, outHeight);
		final int[] out = new int[outWidth * outHeight];
		for (int y = 0; y < outHeight; y++) {
			final int row = sy[y] * width;
			for (int x = 0; x < outWidth; x++)
				out[y * outWidth + x] = labels[row + sx[x]];
		}
		return out;
	}

	/**
	 * For every output coordinate 0..outSize-1, the input coordinate that {@link #toOriginal} reads:
	 * floor((X + 0.5) &middot; size / outSize), clamped (X itself when the sizes are equal).
	 */
	static int[] nearestSource(final int size, final int outSize) {
		final int[] s = new int[outSize];
		for (int x = 0; x < outSize; x++)
			s[x] = Math.min(size - 1, (int) ((x + 0.5) * size / outSize));
		return s;
	}

	/**
	 * How many original pixels each resized pixel becomes under {@link #toOriginal}, per axis:
	 * element i = the number of output coordinates that read input coordinate i.
	 */
	static int[] copies(final int size, final int outSize) {
		final int[] n = new int[size];
		for (final int s : nearestSource(size, outSize))
			n[s]++;
		return n;
	}

	/**
	 * Original-pixel area of each label 0..labelCount-1 (labels outside are not counted) of a
	 * resized label image, as if it were mapped with {@link #toOriginal}, without making that
	 * image: each resized pixel counts as many original pixels as read it.
	 */
	static long[] originalAreas(final PackedLabels labels, final int width, final int height, final int outWidth,
		final int outHeight, final int labelCount)
	{
		final int[] cx = copies(width, outWidth);
		final int[] cy = copies(height, outHeight);
		final long[] areas = new long[labelCount];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				final int l = labels.get(y * width + x);
				if (l >= 0 && l < labelCount) areas[l] += (long) cx[x] * cy[y];
			}
		return areas;
	}
}
