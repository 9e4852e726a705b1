package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;

/**
 * Row helpers: reading one image's rows into an array, picking rows of a small row-major array
 * (centroids), and the squared distance the labeller uses. Stateless.
 */
final class DescriptorRows {

	private DescriptorRows() {}

	/** All rows of a source (one image: at most a few thousand rows) as a new row-major array. */
	static float[] readAll(final DescriptorSource source) {
		final int rows = Math.toIntExact(source.count());
		final float[] out = new float[rows * source.dim()];
		final DescriptorSource.RowBlock b = source.rows(0, rows, out);
		if (b.data() != out || b.offset() != 0) System.arraycopy(b.data(), b.offset(), out, 0, out.length);
		return out;
	}

	/** The chosen rows of a row-major array, in the given order. */
	static float[] rows(final float[] data, final int dim, final int[] chosen) {
		final float[] out = new float[chosen.length * dim];
		for (int i = 0; i < chosen.length; i++)
			System.arraycopy(data, chosen[i] * dim, out, i * dim, dim);
		return out;
	}

	/** Squared Euclidean distance between row {@code a} of {@code x} and row {@code b} of {@code y}, in double. */
	static double squaredDistance(final float[] x, final int a, final float[] y, final int b, final int dim) {
		final int xo = a * dim, yo = b * dim;
		double s = 0;
		for (int j = 0; j < dim; j++) {
			final double d = (double) x[xo + j] - y[yo + j];
			s += d * d;
		}
		return s;
	}
}
