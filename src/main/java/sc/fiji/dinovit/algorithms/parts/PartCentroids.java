package sc.fiji.dinovit.algorithms.parts;

/**
 * The centroids of one part clustering after dropping those that no descriptor was assigned to,
 * so that part labels 0..count()-1 have no gaps. {@link #kmeansIndex(int)} maps a part label back to
 * the k-means centroid it came from. Immutable.
 */
final class PartCentroids {

	private final float[] centroids;
	private final int[] kmeansIndex;
	private final int dim;
	private final int dropped;

	private PartCentroids(final float[] centroids, final int[] kmeansIndex, final int dim, final int dropped) {
		this.centroids = centroids;
		this.kmeansIndex = kmeansIndex;
		this.dim = dim;
		this.dropped = dropped;
	}

	/**
	 * Keeps the centroids with at least one member, in k-means order.
	 *
	 * @param centroids k * dim, row-major
	 * @param members descriptors assigned to each of the k centroids
	 */
	static PartCentroids occupied(final float[] centroids, final int dim, final int[] members) {
		int n = 0;
		for (final int m : members)
			if (m > 0) n++;
		final int[] kept = new int[n];
		for (int c = 0, i = 0; c < members.length; c++)
			if (members[c] > 0) kept[i++] = c;
		return new PartCentroids(DescriptorRows.rows(centroids, dim, kept), kept, dim, members.length - n);
	}

	/** Number of parts (occupied centroids). */
	int count() { return kmeansIndex.length; }

	/** Occupied centroids, count() * dim, row-major (the array itself: read only). */
	float[] centroids() { return centroids; }

	int dim() { return dim; }

	/** The k-means centroid index of part label {@code part}. */
	int kmeansIndex(final int part) { return kmeansIndex[part]; }

	/** How many k-means centroids had no member and were dropped. */
	int dropped() { return dropped; }

	/** The centroids of the chosen part labels (rows, in the given order). */
	float[] select(final int[] parts) {
		return DescriptorRows.rows(centroids, dim, parts);
	}
}
