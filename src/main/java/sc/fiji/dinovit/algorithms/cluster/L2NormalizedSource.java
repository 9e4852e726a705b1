package sc.fiji.dinovit.algorithms.cluster;

/**
 * A view of a {@link DescriptorSource} whose rows are scaled to unit Euclidean length as they are
 * read, as faiss' {@code normalize_L2} does in place: each row is multiplied by
 * {@code 1 / sqrt(sum of squares)} computed in float; an all-zero row stays zero. The wrapped
 * data is never modified and no normalised copy is kept, so this costs no memory beyond the
 * caller's scratch buffer (rows are always returned in it).
 * <p>
 * Thread-safe when the wrapped source is.
 */
public final class L2NormalizedSource implements DescriptorSource {

	private final DescriptorSource source;

	public L2NormalizedSource(final DescriptorSource source) {
		if (source == null) throw new IllegalArgumentException("source must not be null");
		this.source = source;
	}

	@Override
	public int dim() { return source.dim(); }

	@Override
	public long count() { return source.count(); }

	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		final RowBlock in = source.rows(first, rows, scratch);
		final int dim = source.dim();
		for (int r = 0; r < rows; r++)
			normalizeInto(in.data(), in.offset() + r * dim, scratch, r * dim, dim);
		return new RowBlock(scratch, 0);
	}

	/** Normalises {@code rows} rows of {@code dim} floats starting at {@code offset}, in place. */
	public static void normalizeRows(final float[] data, final int offset, final int rows, final int dim) {
		for (int r = 0; r < rows; r++)
			normalizeInto(data, offset + r * dim, data, offset + r * dim, dim);
	}

	/**
	 * Writes the unit-length version of {@code dim} floats of {@code src} at {@code srcOffset} to
	 * {@code dst} at {@code dstOffset} (the two ranges may be the same).
	 */
	public static void normalizeInto(final float[] src, final int srcOffset, final float[] dst, final int dstOffset,
		final int dim)
	{
		final float norm2 = NearestCentroid.squaredNorm(src, srcOffset, dim);
		final float scale = norm2 > 0f ? (float) (1.0 / Math.sqrt(norm2)) : 1f;
		for (int j = 0; j < dim; j++)
			dst[dstOffset + j] = src[srcOffset + j] * scale;
	}
}
