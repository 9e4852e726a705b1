package sc.fiji.dinovit.algorithms.store;

/**
 * In-place L2 normalisation of rows, as faiss' {@code normalize_L2} does it: each row is
 * multiplied by the float {@code 1 / sqrt(sum of squares)}; all-zero rows stay zero. The sum of
 * squares is accumulated in double in index order, so the result depends only on the row.
 */
public final class L2Rows {

	private L2Rows() {}

	/** Normalises {@code rows} rows of {@code dim} floats starting at {@code offset}. */
	public static void normalise(final float[] data, final int offset, final int rows, final int dim) {
		for (int r = 0; r < rows; r++) {
			final int base = offset + r * dim;
			double sum = 0;
			for (int j = 0; j < dim; j++) {
				final double v = data[base + j];
				sum += v * v;
			}
			if (sum <= 0) continue;
			final float inv = (float) (1.0 / Math.sqrt(sum));
			for (int j = 0; j < dim; j++)
				data[base + j] *= inv;
		}
	}
}
