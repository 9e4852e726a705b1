package sc.fiji.dinovit.algorithms.cluster;

import java.util.List;

/**
 * Several {@link DescriptorSource}s of equal dimension read as one, in list order: rows of part 0,
 * then rows of part 1, and so on (e.g. the patches of every image of a set, each image kept in its
 * own array or file). Nothing is copied up front.
 * <p>
 * A request that lies inside one part is passed to that part (a zero-copy view where the part
 * gives one); a request that crosses part boundaries is copied piece by piece into the caller's
 * scratch buffer. Immutable and safe for concurrent {@link #rows} calls when the parts are.
 */
public final class ConcatenatedSource implements DescriptorSource {

	private final DescriptorSource[] parts;
	/** starts[i] = first global row of part i; starts[parts.length] = total count. */
	private final long[] starts;
	private final int dim;

	/**
	 * @param parts at least one source, all of the same dimension (the list is copied, the
	 *          sources are not)
	 * @throws IllegalArgumentException for an empty list or mixed dimensions
	 */
	public ConcatenatedSource(final List<? extends DescriptorSource> parts) {
		if (parts == null || parts.isEmpty()) throw new IllegalArgumentException(
			"Nothing to concatenate: give at least one descriptor source");
		this.parts = parts.toArray(new DescriptorSource[0]);
		this.dim = this.parts[0].dim();
		this.starts = new long[this.parts.length + 1];
		for (int i = 0; i < this.parts.length; i++) {
			if (this.parts[i].dim() != dim) throw new IllegalArgumentException("Descriptor source " + i + " has " +
				this.parts[i].dim() + " values per descriptor, source 0 has " + dim +
				": all images must be extracted with the same model, facet and binning");
			starts[i + 1] = starts[i] + this.parts[i].count();
		}
	}

	@Override
	public int dim() { return dim; }

	@Override
	public long count() { return starts[parts.length]; }

	/** Number of parts. */
	public int parts() { return parts.length; }

	/** Global index of the first row of part {@code i} ({@code i == parts()} gives {@link #count()}). */
	public long start(final int i) { return starts[i]; }

	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		if (first < 0 || rows < 0 || first + rows > count()) throw new IndexOutOfBoundsException(
			"Rows [" + first + ", " + (first + rows) + ") outside [0, " + count() + ")");
		int part = partOf(first);
		if (first + rows <= starts[part + 1]) return parts[part].rows(first - starts[part], rows, scratch);
		long row = first;
		int done = 0;
		while (done < rows) {
			while (row >= starts[part + 1])
				part++;
			final int take = (int) Math.min(rows - done, starts[part + 1] - row);
			final RowBlock piece = parts[part].rows(row - starts[part], take, new float[take * dim]);
			System.arraycopy(piece.data(), piece.offset(), scratch, done * dim, take * dim);
			done += take;
			row += take;
		}
		return new RowBlock(scratch, 0);
	}

	/**
	 * The reference's training subset: rows 0, step, 2 step, ... of every part (the index restarts
	 * in every part), parts in order, copied into one new array; nothing else is materialised.
	 *
	 * @param step take every step-th row of each part (&ge; 1)
	 * @throws IllegalArgumentException if the subset does not fit one array
	 */
	public float[] everyNthOfEachPart(final int step) {
		if (step < 1) throw new IllegalArgumentException("step must be >= 1, got " + step);
		long count = 0;
		for (int i = 0; i < parts.length; i++)
			count += (starts[i + 1] - starts[i] + step - 1) / step;
		if (count * dim > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("A training subset of " + count +
			" rows x " + dim + " does not fit one array: use a larger sample interval");
		final float[] out = new float[(int) (count * dim)];
		final float[] scratch = new float[dim];
		int r = 0;
		for (int i = 0; i < parts.length; i++)
			for (long row = 0; row < starts[i + 1] - starts[i]; row += step) {
				final RowBlock b = parts[i].rows(row, 1, scratch);
				System.arraycopy(b.data(), b.offset(), out, r++ * dim, dim);
			}
		return out;
	}

	/** The part holding global row {@code row} (the last part that starts at or before it). */
	private int partOf(final long row) {
		int lo = 0, hi = parts.length - 1;
		while (lo < hi) {
			final int mid = (lo + hi + 1) >>> 1;
			if (starts[mid] <= row) lo = mid;
			else hi = mid - 1;
		}
		// Skip empty parts that start at the same row.
		while (lo < parts.length - 1 && starts[lo + 1] <= row)
			lo++;
		return lo;
	}
}
