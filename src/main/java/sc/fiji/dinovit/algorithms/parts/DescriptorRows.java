package sc.fiji.dinovit.algorithms.parts;

import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;

/**
 * Row helpers for descriptor arrays (n * dim floats, row-major): L2 normalisation, the
 * reference's every-n-th training subset, gathering, and a {@link DescriptorSource} over
 * several per-image arrays without concatenating them. Stateless.
 */
final class DescriptorRows {

	private DescriptorRows() {}

	/** A copy with every row scaled to unit L2 norm (faiss' normalize_L2: zero rows stay zero). */
	static float[] unit(final float[] data, final int dim) {
		final float[] out = new float[data.length];
		for (int o = 0; o < data.length; o += dim) {
			double s = 0;
			for (int j = 0; j < dim; j++)
				s += (double) data[o + j] * data[o + j];
			final float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 1f;
			for (int j = 0; j < dim; j++)
				out[o + j] = data[o + j] * inv;
		}
		return out;
	}

	static int rows(final float[] data, final int dim) {
		return data.length / dim;
	}

	/**
	 * Rows 0, n, 2n, ... of each array (the reference's training subset: the index restarts at 0 in
	 * every image), concatenated in list order.
	 */
	static float[] everyNth(final List<float[]> perImage, final int dim, final int n) {
		int count = 0;
		for (final float[] a : perImage)
			count += (rows(a, dim) + n - 1) / n;
		final float[] out = new float[count * dim];
		int o = 0;
		for (final float[] a : perImage)
			for (int r = 0; r < rows(a, dim); r += n, o += dim)
				System.arraycopy(a, r * dim, out, o, dim);
		return out;
	}

	/** Total number of rows of all arrays. */
	static int totalRows(final List<float[]> perImage, final int dim) {
		int count = 0;
		for (final float[] a : perImage)
			count += rows(a, dim);
		return count;
	}

	/** The rows of {@code data} whose flag is set, in order. */
	static float[] gather(final float[] data, final int dim, final boolean[] keep) {
		int count = 0;
		for (final boolean k : keep)
			if (k) count++;
		final float[] out = new float[count * dim];
		for (int r = 0, o = 0; r < keep.length; r++)
			if (keep[r]) {
				System.arraycopy(data, r * dim, out, o, dim);
				o += dim;
			}
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

	/** A source reading the arrays as one sequence of rows, in list order (arrays not copied). */
	static DescriptorSource concatenated(final List<float[]> perImage, final int dim) {
		final int n = perImage.size();
		final long[] starts = new long[n + 1];
		for (int i = 0; i < n; i++)
			starts[i + 1] = starts[i] + rows(perImage.get(i), dim);
		return new DescriptorSource() {
			@Override
			public int dim() { return dim; }

			@Override
			public long count() { return starts[n]; }

			@Override
			public RowBlock rows(final long first, final int rows, final float[] scratch) {
				if (first < 0 || rows < 0 || first + rows > starts[n]) throw new IndexOutOfBoundsException("Rows [" +
					first + ", " + (first + rows) + ") outside [0, " + starts[n] + ")");
				int img = 0;
				while (img < n - 1 && starts[img + 1] <= first)
					img++;
				if (first + rows <= starts[img + 1]) return new RowBlock(perImage.get(img), (int) (first - starts[img]) *
					dim);
				long row = first;
				int o = 0;
				while (o < rows * dim) {
					while (starts[img + 1] <= row)
						img++;
					final int local = (int) (row - starts[img]);
					final int take = (int) Math.min(rows - o / dim, starts[img + 1] - row);
					System.arraycopy(perImage.get(img), local * dim, scratch, o, take * dim);
					o += take * dim;
					row += take;
				}
				return new RowBlock(scratch, 0);
			}
		};
	}
}
