package sc.fiji.dinovit.algorithms.cluster;

/**
 * A sequence of {@link #count()} descriptors of {@link #dim()} floats each that can be read in
 * chunks of consecutive rows, so that large sets (e.g. all patches of many images) need not live
 * in one Java array: an implementation may read from a memory-mapped file.
 * <p>
 * Layout: row-major, one descriptor per row, rows in patch-major order of the images.
 * <p>
 * Threads: {@link #rows} may be called concurrently from several threads, each with its own
 * scratch buffer, and must not modify shared state visible to other callers.
 */
public interface DescriptorSource {

	/** Floats per descriptor. */
	int dim();

	/** Number of descriptors. */
	long count();

	/**
	 * Gives access to rows {@code [first, first + rows)}: either a view into a backing array or
	 * the rows copied into {@code scratch} (which holds at least {@code rows * dim()} floats).
	 * The returned block must not be modified by the caller.
	 */
	RowBlock rows(long first, int rows, float[] scratch);

	/** Where requested rows live: row r (0-based within the request) starts at {@code offset + r * dim}. */
	record RowBlock(float[] data, int offset) {}

	/** An in-memory source backed by (not copied from) a row-major array of n * dim floats. */
	static DescriptorSource of(final float[] data, final int dim) {
		return new FloatArraySource(data, dim);
	}
}
