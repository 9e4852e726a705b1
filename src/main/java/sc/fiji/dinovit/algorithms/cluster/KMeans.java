package sc.fiji.dinovit.algorithms.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

import sc.fiji.dinovit.util.Progress;

/**
 * Lloyd's k-means with squared Euclidean distance (not spherical: centroids are plain means).
 * <p>
 * Data layout: {@code float[] n * dim}, row-major, one descriptor per row. The input is never
 * modified.
 * <p>
 * A fit (1) optionally subsamples the training set to {@code k * maxPointsPerCentroid} points,
 * taking the first entries of a permutation seeded with {@code seed}; (2) runs {@code restarts}
 * independent runs, run r seeded with {@code seed + 1 + r * 15486557} (faiss' scheme); (3) keeps
 * the run with the lowest objective (the first on ties).
 * <p>
 * Each Lloyd iteration assigns every point to its nearest centroid, then replaces each centroid by
 * the mean of its points. An empty cluster takes a copy of the largest cluster's centroid, both
 * perturbed by factors (1 +/- 1/1024) alternating per dimension, and the two split the largest
 * cluster's count. A run stops after {@code maxIterations} updates, when the relative objective
 * change drops below {@code tolerance} (if > 0), or at an exact fixed point (no label changed;
 * further iterations could not change anything, so this equals running them).
 * <p>
 * Determinism: the result depends only on the data and the config minus {@code threads}. Work is
 * split in fixed chunks of points (assignment) or dimensions (update); every sum runs over points
 * in input order.
 * <p>
 * Cancellation: {@link #fit(float[], int, Progress)} checks the progress' cancel flag before every
 * restart and iteration and at every chunk of {@link #CHUNK} points (assignment, k-means++
 * seeding), so a fit stops within a fraction of a second of Esc, whatever its size.
 */
public final class KMeans {

	/** Points per parallel assignment task; fixed so that results do not depend on threads. */
	static final int CHUNK = 2048;
	private static final float SPLIT_EPS = 1f / 1024f;
	private static final long RESTART_SEED_STRIDE = 15486557L;

	private final KMeansConfig config;

	public KMeans(final KMeansConfig config) {
		if (config == null) throw new IllegalArgumentException("config must not be null");
		this.config = config;
	}

	public KMeansConfig config() { return config; }

	/**
	 * Trains on {@code data} (n * dim floats, row-major).
	 *
	 * @throws IllegalArgumentException if the layout is inconsistent or there are fewer than k points
	 */
	public KMeansResult fit(final float[] data, final int dim) {
		return fit(data, dim, Progress.NONE);
	}

	/**
	 * As {@link #fit(float[], int)}, checking {@code cancel} every {@link #CHUNK} points.
	 *
	 * @throws java.util.concurrent.CancellationException if {@code cancel} reports a cancel
	 */
	public KMeansResult fit(final float[] data, final int dim, final Progress cancel) {
		final int n = checkLayout(data, dim);
		final int k = config.k();
		if (n < k) throw new IllegalArgumentException(
			"k-means with k=" + k + " needs at least " + k + " training points, got " + n);
		final float[] train = subsample(data, n, dim);
		final int nTrain = train.length / dim;
		if (nTrain == k) return new KMeansResult(k, dim, train.clone(), 0, 0, nTrain);
		try (Parallel par = new Parallel(config.threads())) {
			Run best = null;
			for (int r = 0; r < config.restarts(); r++) {
				final long runSeed = config.seed() + 1 + r * RESTART_SEED_STRIDE;
				cancel.checkCancelled();
				final Run run = lloyd(train, nTrain, dim, initialCentroids(train, nTrain, dim, runSeed, par, cancel), par,
					cancel);
				if (best == null || run.objective < best.objective) best = run;
			}
			return new KMeansResult(k, dim, best.centroids, best.objective, best.iterations, nTrain);
		}
	}

	/** Nearest-centroid assignment of an in-memory array (single thread). */
	public static Assignment assign(final float[] data, final int dim, final float[] centroids) {
		return assign(DescriptorSource.of(data, dim), centroids, 1);
	}

	/**
	 * Nearest-centroid assignment of every descriptor of {@code source}, read in chunks of
	 * {@link #CHUNK} rows, in parallel over chunks. Labels and distances are in source order and do
	 * not depend on {@code threads}.
	 *
	 * @param centroids k * source.dim() floats, row-major
	 */
	public static Assignment assign(final DescriptorSource source, final float[] centroids, final int threads) {
		final long count = source.count();
		if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"Too many descriptors for one label array: " + count);
		final NearestCentroid nc = new NearestCentroid(centroids, source.dim());
		final int n = (int) count;
		final int[] labels = new int[n];
		final float[] dist = new float[n];
		try (Parallel par = new Parallel(threads)) {
			par.forEach(Parallel.numChunks(n, CHUNK), t -> {
				final int first = t * CHUNK;
				final int rows = Math.min(CHUNK, n - first);
				final DescriptorSource.RowBlock block = source.rows(first, rows, new float[rows * source.dim()]);
				nc.assign(block.data(), block.offset(), rows, labels, dist, first);
			});
		}
		return new Assignment(labels, dist);
	}

	private static int checkLayout(final float[] data, final int dim) {
		if (data == null) throw new IllegalArgumentException("data must not be null");
		if (dim <= 0) throw new IllegalArgumentException("Dimension must be positive, got " + dim);
		if (data.length % dim != 0) throw new IllegalArgumentException(
			"Data length " + data.length + " is not a multiple of the dimension " + dim);
		return data.length / dim;
	}

	private float[] subsample(final float[] data, final int n, final int dim) {
		final long max = (long) config.k() * config.maxPointsPerCentroid();
		if (config.maxPointsPerCentroid() == 0 || n <= max) return data;
		final int[] perm = permutationPrefix(n, (int) max, new SplittableRandom(config.seed()));
		return gatherRows(data, dim, perm);
	}

	private float[] initialCentroids(final float[] x, final int n, final int dim, final long seed, final Parallel par,
		final Progress cancel)
	{
		final SplittableRandom rng = new SplittableRandom(seed);
		switch (config.initialization()) {
			case RANDOM_SUBSET:
				return gatherRows(x, dim, permutationPrefix(n, config.k(), rng));
			case KMEANS_PLUS_PLUS:
				return KMeansPlusPlus.choose(x, n, dim, config.k(), rng, par, cancel);
			default:
				throw new IllegalStateException("Unknown initialisation " + config.initialization());
		}
	}

	/** The first m entries of a uniformly random permutation of 0..n-1 (partial Fisher-Yates). */
	static int[] permutationPrefix(final int n, final int m, final SplittableRandom rng) {
		final int[] perm = new int[n];
		for (int i = 0; i < n; i++)
			perm[i] = i;
		for (int i = 0; i < m; i++) {
			final int j = i + rng.nextInt(n - i);
			final int t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		return Arrays.copyOf(perm, m);
	}

	static float[] gatherRows(final float[] x, final int dim, final int[] rows) {
		final float[] out = new float[rows.length * dim];
		for (int i = 0; i < rows.length; i++)
			System.arraycopy(x, rows[i] * dim, out, i * dim, dim);
		return out;
	}

	private static final class Run {
		final float[] centroids;
		final double objective;
		final int iterations;

		Run(final float[] centroids, final double objective, final int iterations) {
			this.centroids = centroids;
			this.objective = objective;
			this.iterations = iterations;
		}
	}

	private Run lloyd(final float[] x, final int n, final int dim, float[] centroids, final Parallel par,
		final Progress cancel)
	{
		final int[] labels = new int[n];
		Arrays.fill(labels, -1);
		final float[] dist = new float[n];
		double previous = Double.NaN;
		for (int update = 0; update < config.maxIterations(); update++) {
			cancel.checkCancelled();
			final int changed = assignTraining(x, n, dim, centroids, labels, dist, par, cancel);
			final double objective = sum(dist);
			if (update > 0 && (changed == 0 || converged(previous, objective))) return new Run(centroids, objective,
				update);
			previous = objective;
			centroids = updateCentroids(x, n, dim, labels, par);
		}
		assignTraining(x, n, dim, centroids, labels, dist, par, cancel);
		return new Run(centroids, sum(dist), config.maxIterations());
	}

	private boolean converged(final double previous, final double objective) {
		if (config.fixedIterations()) return false;
		if (previous <= 0) return true;
		return Math.abs(previous - objective) / previous < config.tolerance();
	}

	/** Assigns in fixed chunks; returns how many labels changed. */
	private static int assignTraining(final float[] x, final int n, final int dim, final float[] centroids,
		final int[] labels, final float[] dist, final Parallel par, final Progress cancel)
	{
		final NearestCentroid nc = new NearestCentroid(centroids, dim);
		final int chunks = Parallel.numChunks(n, CHUNK);
		final int[] changedPerChunk = new int[chunks];
		par.forEach(chunks, t -> {
			cancel.checkCancelled();
			final int first = t * CHUNK;
			final int rows = Math.min(CHUNK, n - first);
			final int[] old = Arrays.copyOfRange(labels, first, first + rows);
			nc.assign(x, first * dim, rows, labels, dist, first);
			int changed = 0;
			for (int i = 0; i < rows; i++)
				if (old[i] != labels[first + i]) changed++;
			changedPerChunk[t] = changed;
		});
		int changed = 0;
		for (final int c : changedPerChunk)
			changed += c;
		return changed;
	}

	private float[] updateCentroids(final float[] x, final int n, final int dim, final int[] labels, final Parallel par) {
		final int k = config.k();
		final int[] counts = new int[k];
		for (int i = 0; i < n; i++)
			counts[labels[i]]++;
		final double[] sums = new double[k * dim];
		final int slices = Math.min(par.threads(), dim);
		par.forEach(slices, s -> {
			final int j0 = (int) ((long) dim * s / slices);
			final int j1 = (int) ((long) dim * (s + 1) / slices);
			for (int i = 0; i < n; i++) {
				final int cb = labels[i] * dim;
				final int xb = i * dim;
				for (int j = j0; j < j1; j++)
					sums[cb + j] += x[xb + j];
			}
		});
		final float[] centroids = new float[k * dim];
		for (int c = 0; c < k; c++)
			if (counts[c] > 0) for (int j = 0; j < dim; j++)
				centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
		repairEmptyClusters(centroids, counts, dim);
		return centroids;
	}

	/** Splits the largest cluster into every empty one (see class doc). */
	static void repairEmptyClusters(final float[] centroids, final int[] counts, final int dim) {
		for (int c = 0; c < counts.length; c++) {
			if (counts[c] != 0) continue;
			int largest = 0;
			for (int j = 1; j < counts.length; j++)
				if (counts[j] > counts[largest]) largest = j;
			final int cb = c * dim;
			final int lb = largest * dim;
			for (int j = 0; j < dim; j++) {
				final float v = centroids[lb + j];
				final boolean even = (j & 1) == 0;
				centroids[cb + j] = v * (even ? 1 + SPLIT_EPS : 1 - SPLIT_EPS);
				centroids[lb + j] = v * (even ? 1 - SPLIT_EPS : 1 + SPLIT_EPS);
			}
			counts[c] = counts[largest] / 2;
			counts[largest] -= counts[c];
		}
	}

	static double sum(final float[] values) {
		double s = 0;
		for (final float v : values)
			s += v;
		return s;
	}
}
