package sc.fiji.dinovit.algorithms.cluster;

/**
 * Exact nearest-centroid search by squared Euclidean distance, computed as
 * {@code ||x||^2 + ||c||^2 - 2 x.c} (clamped at 0); dot products use 8 partial sums.
 * <p>
 * Ties go to the lowest centroid index. The arithmetic per row does not depend on how rows are
 * grouped into calls, so results are identical for any chunking and thread count.
 * <p>
 * Immutable and thread-safe.
 */
public final class NearestCentroid {

	private final int k;
	private final int dim;
	private final float[] centroids;
	private final float[] centroidNorms;

	/**
	 * @param centroids k * dim floats, row-major (copied)
	 * @param dim floats per centroid
	 */
	public NearestCentroid(final float[] centroids, final int dim) {
		if (dim <= 0) throw new IllegalArgumentException("Dimension must be positive, got " + dim);
		if (centroids.length == 0 || centroids.length % dim != 0) throw new IllegalArgumentException(
			"Centroid array length " + centroids.length + " is not a positive multiple of dim " + dim);
		this.k = centroids.length / dim;
		this.dim = dim;
		this.centroids = centroids.clone();
		this.centroidNorms = new float[k];
		for (int c = 0; c < k; c++)
			centroidNorms[c] = squaredNorm(this.centroids, c * dim, dim);
	}

	public int k() { return k; }

	public int dim() { return dim; }

	/** A copy of the centroids (k * dim, row-major). */
	public float[] centroids() { return centroids.clone(); }

	/**
	 * Assigns {@code rows} consecutive rows of {@code data} starting at float index
	 * {@code dataOffset}; writes labels and squared distances at {@code outOffset}.
	 */
	public void assign(final float[] data, final int dataOffset, final int rows, final int[] labels,
		final float[] squaredDistances, final int outOffset)
	{
		for (int r = 0; r < rows; r++) {
			final int xb = dataOffset + r * dim;
			final float rowNorm = squaredNorm(data, xb, dim);
			float best = Float.POSITIVE_INFINITY;
			int label = 0;
			for (int c = 0; c < k; c++) {
				float d2 = rowNorm + centroidNorms[c] - 2f * dot(data, xb, centroids, c * dim, dim);
				if (d2 < 0f) d2 = 0f;
				if (d2 < best) {
					best = d2;
					label = c;
				}
			}
			labels[outOffset + r] = label;
			squaredDistances[outOffset + r] = best;
		}
	}

	/** Squared distance from the row at {@code offset} of {@code data} to centroid {@code c}, by the same formula. */
	float squaredDistance(final float[] data, final int offset, final int c) {
		final float d2 = squaredNorm(data, offset, dim) + centroidNorms[c] - 2f * dot(data, offset, centroids, c * dim,
			dim);
		return d2 < 0f ? 0f : d2;
	}

	/**
	 * Dot product with 8 independent partial sums (for instruction-level parallelism), combined in
	 * a fixed order: the result depends only on the two vectors.
	 */
	static float dot(final float[] a, final int ao, final float[] b, final int bo, final int n) {
		float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
		int j = 0;
		for (; j + 8 <= n; j += 8) {
			s0 += a[ao + j] * b[bo + j];
			s1 += a[ao + j + 1] * b[bo + j + 1];
			s2 += a[ao + j + 2] * b[bo + j + 2];
			s3 += a[ao + j + 3] * b[bo + j + 3];
			s4 += a[ao + j + 4] * b[bo + j + 4];
			s5 += a[ao + j + 5] * b[bo + j + 5];
			s6 += a[ao + j + 6] * b[bo + j + 6];
			s7 += a[ao + j + 7] * b[bo + j + 7];
		}
		float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
		for (; j < n; j++)
			s += a[ao + j] * b[bo + j];
		return s;
	}

	static float squaredNorm(final float[] a, final int offset, final int n) {
		return dot(a, offset, a, offset, n);
	}
}
