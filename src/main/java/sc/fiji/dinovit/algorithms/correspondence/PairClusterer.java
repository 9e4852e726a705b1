package sc.fiji.dinovit.algorithms.correspondence;

/**
 * The clustering step of the correspondence search (reference section 5.2, step 7): partitions
 * the pair descriptors into k groups. A seam so that the project's shared k-means can replace the
 * small built-in one ({@link #kMeans()}).
 * <p>
 * Contract: the result has one label in [0, k) per point, every label is used when the points
 * allow it, and equal inputs with an equal seed give an equal result (whatever the thread count).
 */
@FunctionalInterface
public interface PairClusterer {

	/**
	 * @param data n points of d values, point-major
	 * @param n number of points, at least k
	 * @param d values per point
	 * @param k number of clusters, 1 &lt;= k &lt;= n
	 * @param seed seed of every random choice
	 * @return n labels in [0, k)
	 */
	int[] cluster(float[] data, int n, int d, int k, long seed);

	/**
	 * Seeded k-means++ with Lloyd iterations, the best of {@code restarts} runs by inertia (the
	 * scikit-learn defaults the reference relied on: 10 restarts, 300 iterations, tolerance 1e-4
	 * relative to the mean per-feature variance). Labels will not equal scikit-learn's.
	 */
	static PairClusterer kMeans(final int restarts) {
		return new LloydKMeans(restarts, 300, 1e-4);
	}

	/** {@link #kMeans(int)} with 10 restarts. */
	static PairClusterer kMeans() {
		return kMeans(10);
	}
}
