package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;

import sc.fiji.dinovit.algorithms.cluster.KMeans;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.cluster.KMeansResult;
import sc.fiji.dinovit.util.Progress;

/**
 * The clustering step of the correspondence search (reference section 5.2, step 7): partitions
 * the pair descriptors into k groups. {@link #kMeans()} is the project's shared k-means; tests
 * plug in their own.
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
	 * The shared {@link KMeans} with {@link KMeansConfig#sklearnLike(int)} (k-means++, at most 300
	 * iterations, the scikit-learn defaults the reference relied on) and the call's seed, the best
	 * of {@code restarts} runs; every point is then assigned to its nearest centroid. Labels will
	 * not equal scikit-learn's.
	 */
	static PairClusterer kMeans(final int restarts) {
		return kMeans(restarts, Progress.NONE);
	}

	/** {@link #kMeans(int)} whose fits check {@code cancel} (see {@link KMeans#fit(float[], int, Progress)}). */
	static PairClusterer kMeans(final int restarts, final Progress cancel) {
		if (restarts < 1) throw new IllegalArgumentException("k-means needs at least one restart, got " + restarts);
		return (data, n, d, k, seed) -> {
			if (k < 1 || k > n) throw new IllegalArgumentException("Cannot make " + k + " clusters of " + n +
				" points: k must be 1 to " + n);
			final float[] points = data.length == n * d ? data : Arrays.copyOf(data, n * d);
			final KMeansResult model = new KMeans(KMeansConfig.sklearnLike(k).withRestarts(restarts).withSeed(seed))
				.fit(points, d, cancel);
			return KMeans.assign(points, d, model.centroids()).labels();
		};
	}

	/** {@link #kMeans(int)} with 10 restarts. */
	static PairClusterer kMeans() {
		return kMeans(10);
	}
}
