package sc.fiji.dinovit.ij1;

import sc.fiji.dinovit.vit.PatchGrid;

/** Per-patch values (row-major over a {@link PatchGrid}) resampled to pixel images. */
public final class GridImages {

	private GridImages() {}

	/**
	 * Bilinear interpolation between patch centres onto an image of {@code width x height} pixels
	 * (the original image, which the grid's resized image was scaled from). Pixel centres outside the
	 * outermost patch centres take the nearest edge value.
	 */
	public static float[] upsample(final float[] values, final PatchGrid grid, final int width, final int height) {
		if (values.length != grid.numPatches()) throw new IllegalArgumentException("Expected " + grid
			.numPatches() + " values, got " + values.length);
		final double sx = grid.width() / (double) width, sy = grid.height() / (double) height;
		final int cols = grid.cols(), rows = grid.rows();
		final int[] x0 = new int[width];
		final float[] fx = new float[width];
		for (int x = 0; x < width; x++) {
			final double g = clamp(((x + 0.5) * sx - grid.centerX(0)) / grid.stride(), cols - 1);
			x0[x] = Math.min((int) g, Math.max(0, cols - 2));
			fx[x] = (float) (g - x0[x]);
		}
		final float[] out = new float[width * height];
		for (int y = 0; y < height; y++) {
			final double g = clamp(((y + 0.5) * sy - grid.centerY(0)) / grid.stride(), rows - 1);
			final int r0 = Math.min((int) g, Math.max(0, rows - 2));
			final int r1 = Math.min(r0 + 1, rows - 1);
			final float fy = (float) (g - r0);
			for (int x = 0; x < width; x++) {
				final int c0 = x0[x], c1 = Math.min(c0 + 1, cols - 1);
				final float top = values[r0 * cols + c0] * (1 - fx[x]) + values[r0 * cols + c1] * fx[x];
				final float bottom = values[r1 * cols + c0] * (1 - fx[x]) + values[r1 * cols + c1] * fx[x];
				out[y * width + x] = top * (1 - fy) + bottom * fy;
			}
		}
		return out;
	}

	private static double clamp(final double v, final int max) {
		return v < 0 ? 0 : v > max ? max : v;
	}
}
