package sc.fiji.dinovit.algorithms.store;

/**
 * The rows {@code [first, first + count)} of one image in a {@link DescriptorStore}'s global row
 * order (images in append order, patches row-major within an image).
 *
 * @param first global index of the image's first row
 * @param count number of rows (patches) of the image
 */
public record RowRange(long first, int count) {

	public RowRange {
		if (first < 0) throw new IllegalArgumentException("first must be >= 0, got " + first);
		if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
	}

	/** One past the last row. */
	public long end() { return first + count; }
}
