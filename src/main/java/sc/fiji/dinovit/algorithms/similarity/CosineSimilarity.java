package sc.fiji.dinovit.algorithms.similarity;

/**
 * The cosine-similarity arithmetic shared by every matcher in this project, so that a value
 * computed one query at a time (similarity maps, one-way matching) is bitwise equal to the same
 * value computed by the blocked all-pairs search of the correspondence package.
 * <p>
 * Definition: cos(a, b) = ((a . b) * inv|a|) * inv|b|, where the dot product is accumulated in
 * float in ascending channel order and the inverse norms come from {@link #inverseNorm}. A zero
 * vector has inverse norm 0, so its cosine with anything is 0 (no division by zero).
 */
public final class CosineSimilarity {

	private CosineSimilarity() {}

	/** 1 / L2 norm of {@code d} values at {@code offset} (sum of squares in double); 0 for a zero vector. */
	public static float inverseNorm(final float[] data, final int offset, final int d) {
		double ss = 0;
		for (int k = 0; k < d; k++) {
			final double v = data[offset + k];
			ss += v * v;
		}
		return ss == 0 ? 0f : (float) (1.0 / Math.sqrt(ss));
	}

	/** Inverse norms of {@code n} consecutive rows of {@code d} values. */
	public static float[] inverseNorms(final float[] data, final int n, final int d) {
		final float[] inv = new float[n];
		for (int i = 0; i < n; i++)
			inv[i] = inverseNorm(data, i * d, d);
		return inv;
	}

	/** Dot product accumulated in float, channel 0 first (the order the blocked search uses). */
	public static float dot(final float[] a, final int aOffset, final float[] b, final int bOffset,
		final int d)
	{
		float s = 0;
		for (int k = 0; k < d; k++)
			s += a[aOffset + k] * b[bOffset + k];
		return s;
	}

	/** The cosine from a dot product and the two inverse norms, in the one fixed evaluation order. */
	public static float fromDot(final float dot, final float inverseNormA, final float inverseNormB) {
		return dot * inverseNormA * inverseNormB;
	}

	/**
	 * Cosine similarity of one query vector to each of {@code n} rows of {@code d} values.
	 *
	 * @return n values in [-1, 1] (up to float rounding)
	 */
	public static float[] toEachRow(final float[] query, final float[] rows, final int n, final int d) {
		if (query.length != d) throw new IllegalArgumentException("Query has " + query.length +
			" values, the descriptors have " + d);
		final float invQ = inverseNorm(query, 0, d);
		final float[] out = new float[n];
		for (int i = 0; i < n; i++)
			out[i] = fromDot(dot(query, 0, rows, i * d, d), invQ, inverseNorm(rows, i * d, d));
		return out;
	}
}
