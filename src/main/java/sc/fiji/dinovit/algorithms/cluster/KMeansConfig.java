package sc.fiji.dinovit.algorithms.cluster;

/**
 * Immutable settings of a {@link KMeans} run. Start from {@link #faissLike(int)} (the reference's
 * co-segmentation engine) or {@link #sklearnLike(int)} (the reference's correspondence clustering)
 * and adjust with the {@code with...} methods.
 *
 * @param k number of clusters (>= 1)
 * @param maxIterations Lloyd iterations at most (>= 1)
 * @param tolerance stop when the relative objective change |e_prev - e| / e_prev falls below this;
 *          0 means the faiss-like fixed number of iterations
 * @param restarts independent runs; the one with the lowest objective is kept (>= 1)
 * @param initialization how each run picks its first centroids
 * @param maxPointsPerCentroid if > 0 and the training set has more than k times this many points,
 *          train on a seeded random subset of that size (faiss uses 256); 0 disables subsampling
 * @param seed seed of all random choices; equal seeds give identical results
 * @param threads worker threads (>= 1); results do not depend on it
 */
public record KMeansConfig(int k, int maxIterations, double tolerance, int restarts,
	Initialization initialization, int maxPointsPerCentroid, long seed, int threads)
{

	/** How a run chooses its initial centroids. */
	public enum Initialization {
		/** The first k points of a seeded random permutation (faiss). */
		RANDOM_SUBSET,
		/** Greedy k-means++ with 2 + floor(ln k) candidate trials per centroid (sklearn). */
		KMEANS_PLUS_PLUS
	}

	public KMeansConfig {
		if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
		if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
		if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
		if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
		if (initialization == null) throw new IllegalArgumentException("initialization must not be null");
		if (maxPointsPerCentroid < 0) throw new IllegalArgumentException(
			"maxPointsPerCentroid must be >= 0, got " + maxPointsPerCentroid);
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
	}

	/**
	 * faiss 1.7 {@code Kmeans} as the reference calls it: 300 fixed iterations, 10 restarts,
	 * random-subset initialisation, subsampling to 256 k points, seed 1234, one thread.
	 */
	public static KMeansConfig faissLike(final int k) {
		return new KMeansConfig(k, 300, 0, 10, Initialization.RANDOM_SUBSET, 256, 1234, 1);
	}

	/**
	 * scikit-learn 1.0 {@code KMeans(random_state=0)}: k-means++, 10 restarts, at most 300
	 * iterations, no subsampling. Differs from sklearn in the stopping rule (relative objective
	 * change below 1e-4 instead of sklearn's centre shift) and the random stream.
	 */
	public static KMeansConfig sklearnLike(final int k) {
		return new KMeansConfig(k, 300, 1e-4, 10, Initialization.KMEANS_PLUS_PLUS, 0, 0, 1);
	}

	public KMeansConfig withK(final int newK) {
		return new KMeansConfig(newK, maxIterations, tolerance, restarts, initialization, maxPointsPerCentroid, seed, threads);
	}

	public KMeansConfig withMaxIterations(final int n) {
		return new KMeansConfig(k, n, tolerance, restarts, initialization, maxPointsPerCentroid, seed, threads);
	}

	public KMeansConfig withTolerance(final double tol) {
		return new KMeansConfig(k, maxIterations, tol, restarts, initialization, maxPointsPerCentroid, seed, threads);
	}

	public KMeansConfig withRestarts(final int n) {
		return new KMeansConfig(k, maxIterations, tolerance, n, initialization, maxPointsPerCentroid, seed, threads);
	}

	public KMeansConfig withInitialization(final Initialization init) {
		return new KMeansConfig(k, maxIterations, tolerance, restarts, init, maxPointsPerCentroid, seed, threads);
	}

	public KMeansConfig withMaxPointsPerCentroid(final int n) {
		return new KMeansConfig(k, maxIterations, tolerance, restarts, initialization, n, seed, threads);
	}

	public KMeansConfig withSeed(final long s) {
		return new KMeansConfig(k, maxIterations, tolerance, restarts, initialization, maxPointsPerCentroid, s, threads);
	}

	public KMeansConfig withThreads(final int n) {
		return new KMeansConfig(k, maxIterations, tolerance, restarts, initialization, maxPointsPerCentroid, seed, n);
	}

	/** True when runs always do {@link #maxIterations()} iterations (up to an exact fixed point). */
	public boolean fixedIterations() { return tolerance == 0; }
}
