package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.store.L2Rows;

/**
 * A view of a {@link DescriptorSource} whose rows come back scaled to unit L2 norm, computed as
 * faiss' {@code normalize_L2} with the sum of squares in double ({@link L2Rows}; zero rows stay
 * zero). Rows are always copied into the caller's scratch, so the wrapped data is never modified
 * and no normalised copy of the set exists. Thread-safe when the wrapped source is.
 */
final class UnitRows implements DescriptorSource {

	private final DescriptorSource source;

	UnitRows(final DescriptorSource source) {
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
		if (in.data() != scratch || in.offset() != 0) System.arraycopy(in.data(), in.offset(), scratch, 0, rows * dim);
		L2Rows.normalise(scratch, 0, rows, dim);
		return new RowBlock(scratch, 0);
	}
}
