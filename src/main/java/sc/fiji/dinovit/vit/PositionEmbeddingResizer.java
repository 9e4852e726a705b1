package sc.fiji.dinovit.vit;

/**
 * Resizes the square grid of pretrained patch position embeddings to a new token grid exactly as
 * the reference code does. Pure Java; the grids are small (at most 37 x 37 x 1536 values in).
 * <p>
 * Two filters, chosen by the model:
 * <ul>
 * <li><b>Plain bicubic with the scale offset</b> (DINO v1, DINOv2 without registers): PyTorch's
 * non-antialiased bicubic (Keys kernel, A = -0.75, align_corners = false, out-of-range taps clamped
 * to the edge) driven by the explicit scale factor (n + 0.1) / M, so the source coordinate of
 * output index i is (i + 0.5) * M / (n + 0.1) - 0.5 (not M / n).</li>
 * <li><b>Antialiased bicubic by size</b> (DINOv2 with registers): PyTorch's antialiased bicubic
 * (A = -0.5, support widened by the downscale factor, taps outside the grid dropped and the
 * weights renormalised), with scale M / n.</li>
 * </ul>
 * Neither matches DJL's built-in resize (which is antialiased and size-based only).
 */
public final class PositionEmbeddingResizer {

	private PositionEmbeddingResizer() {}

	/** Sparse 1-D resampling weights: for each output index, the source indices and weights. */
	static final class Taps {
		final int[][] index;
		final float[][] weight;

		Taps(final int[][] index, final float[][] weight) {
			this.index = index;
			this.weight = weight;
		}
	}

	/**
	 * Resizes a grid of embeddings.
	 *
	 * @param grid patch position embeddings, M*M rows of dim values, row-major over the grid
	 * @param m side of the source grid (M)
	 * @param dim values per position
	 * @param rows output rows (n_y)
	 * @param cols output columns (n_x)
	 * @param antialiased true for the DINOv2-with-registers filter, false for the +0.1 bicubic
	 * @return rows*cols*dim values, row-major over the new grid
	 */
	public static float[] resize(final float[] grid, final int m, final int dim, final int rows,
		final int cols, final boolean antialiased)
	{
		if (grid.length != m * m * dim) throw new IllegalArgumentException("Position grid has " +
			grid.length + " values, expected " + m + "*" + m + "*" + dim);
		final Taps ty = antialiased ? antialiasedTaps(m, rows) : offsetBicubicTaps(m, rows);
		final Taps tx = antialiased ? antialiasedTaps(m, cols) : offsetBicubicTaps(m, cols);
		// Horizontal pass: M x cols x dim.
		final float[] tmp = new float[m * cols * dim];
		for (int i = 0; i < m; i++)
			for (int c = 0; c < cols; c++) {
				final int outBase = (i * cols + c) * dim;
				final int[] idx = tx.index[c];
				final float[] w = tx.weight[c];
				for (int k = 0; k < idx.length; k++) {
					final int inBase = (i * m + idx[k]) * dim;
					final float wk = w[k];
					for (int d = 0; d < dim; d++)
						tmp[outBase + d] += wk * grid[inBase + d];
				}
			}
		// Vertical pass: rows x cols x dim.
		final float[] out = new float[rows * cols * dim];
		for (int r = 0; r < rows; r++) {
			final int[] idx = ty.index[r];
			final float[] w = ty.weight[r];
			for (int c = 0; c < cols; c++) {
				final int outBase = (r * cols + c) * dim;
				for (int k = 0; k < idx.length; k++) {
					final int inBase = (idx[k] * cols + c) * dim;
					final float wk = w[k];
					for (int d = 0; d < dim; d++)
						out[outBase + d] += wk * tmp[inBase + d];
				}
			}
		}
		return out;
	}

	/** Non-antialiased bicubic taps (A = -0.75, clamped) for scale factor (out + 0.1) / in. */
	static Taps offsetBicubicTaps(final int in, final int out) {
		// PyTorch: the kernel uses 1 / scale_factor, cast to float.
		final float step = (float) (1.0 / ((out + 0.1) / in));
		final int[][] index = new int[out][4];
		final float[][] weight = new float[out][4];
		for (int i = 0; i < out; i++) {
			final float real = step * (i + 0.5f) - 0.5f;
			final int fl = (int) Math.floor(real);
			final int base = Math.min(fl, in - 1);
			final float t = Math.min(Math.max(real - base, 0f), 1f);
			final float a = -0.75f;
			weight[i][0] = cubicFar(t + 1f, a);
			weight[i][1] = cubicNear(t, a);
			weight[i][2] = cubicNear(1f - t, a);
			weight[i][3] = cubicFar(2f - t, a);
			for (int k = 0; k < 4; k++)
				index[i][k] = Math.min(Math.max(base - 1 + k, 0), in - 1);
		}
		return new Taps(index, weight);
	}

	/** Antialiased bicubic taps (A = -0.5), size-based scale in / out, dropped edge taps. */
	static Taps antialiasedTaps(final int in, final int out) {
		final double scale = (double) in / out;
		final double support = scale >= 1.0 ? 2.0 * scale : 2.0;
		final double invscale = scale >= 1.0 ? 1.0 / scale : 1.0;
		final int[][] index = new int[out][];
		final float[][] weight = new float[out][];
		for (int i = 0; i < out; i++) {
			final double center = scale * (i + 0.5);
			final int xmin = Math.max((int) (center - support + 0.5), 0);
			final int xmax = Math.min((int) (center + support + 0.5), in);
			final int n = Math.max(xmax - xmin, 0);
			final double[] w = new double[n];
			double total = 0;
			for (int j = 0; j < n; j++) {
				w[j] = cubicAa((j + xmin - center + 0.5) * invscale);
				total += w[j];
			}
			index[i] = new int[n];
			weight[i] = new float[n];
			for (int j = 0; j < n; j++) {
				index[i][j] = xmin + j;
				weight[i][j] = (float) (total != 0 ? w[j] / total : 0);
			}
		}
		return new Taps(index, weight);
	}

	/** Keys cubic for |x| <= 1. */
	private static float cubicNear(final float x, final float a) {
		return ((a + 2f) * x - (a + 3f)) * x * x + 1f;
	}

	/** Keys cubic for 1 < |x| < 2. */
	private static float cubicFar(final float x, final float a) {
		return ((a * x - 5f * a) * x + 8f * a) * x - 4f * a;
	}

	private static double cubicAa(final double x) {
		final double a = -0.5;
		final double ax = Math.abs(x);
		if (ax < 1.0) return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1.0;
		if (ax < 2.0) return (((ax - 5.0) * ax + 8.0) * ax - 4.0) * a;
		return 0.0;
	}
}
