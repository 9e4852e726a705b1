package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;

/**
 * A view of the chosen rows of a {@link DescriptorSource}, in ascending order (e.g. the foreground
 * patches of one image): row r of the view is row {@code chosen[r]} of the source. Nothing is
 * copied until read; rows come back in the caller's scratch, or as the source returns them when
 * the requested rows are consecutive in the source. Thread-safe when the
 * wrapped source is.
 */
final class SelectedRows implements DescriptorSource {

	private final DescriptorSource source;
	private final int[] chosen;

	/** The rows of {@code source} whose flag is set (one flag per source row). */
	static SelectedRows where(final DescriptorSource source, final boolean[] keep) {
		if (keep.length != source.count()) throw new IllegalArgumentException(keep.length + " flags for " + source
			.count() + " rows");
		int n = 0;
		for (final boolean k : keep)
			if (k) n++;
		final int[] chosen = new int[n];
		for (int r = 0, i = 0; r < keep.length; r++)
			if (keep[r]) chosen[i++] = r;
		return new SelectedRows(source, chosen);
	}

	private SelectedRows(final DescriptorSource source, final int[] chosen) {
		this.source = source;
		this.chosen = chosen;
	}

	@Override
	public int dim() { return source.dim(); }

	@Override
	public long count() { return chosen.length; }

	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		if (first < 0 || rows < 0 || first + rows > chosen.length) throw new IndexOutOfBoundsException("Rows [" +
			first + ", " + (first + rows) + ") outside [0, " + chosen.length + ")");
		if (rows == 0) return new RowBlock(scratch, 0);
		final int dim = source.dim();
		final int f = (int) first;
		// All requested rows consecutive in the source: one read, straight through.
		if (chosen[f + rows - 1] - chosen[f] == rows - 1) return source.rows(chosen[f], rows, scratch);
		// Otherwise read each run of consecutive source rows in one call, through one buffer per call.
		final float[] buffer = new float[rows * dim];
		int r = 0;
		while (r < rows) {
			final int start = chosen[f + r];
			int run = 1;
			while (r + run < rows && chosen[f + r + run] == start + run)
				run++;
			final RowBlock b = source.rows(start, run, buffer);
			System.arraycopy(b.data(), b.offset(), scratch, r * dim, run * dim);
			r += run;
		}
		return new RowBlock(scratch, 0);
	}
}
