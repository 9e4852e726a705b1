package sc.fiji.dinovit.algorithms.crf;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fast approximate Gaussian filtering on the permutohedral lattice (Adams, Baek &amp; Davis,
 * "Fast High-Dimensional Filtering Using the Permutohedral Lattice", 2010), in the unnormalised
 * form Krähenbühl &amp; Koltun's fully connected CRF uses.
 * <p>
 * Each d-dimensional feature vector is embedded in the hyperplane {@code Σ x = 0} of
 * R<sup>d+1</sup>, scaled so that the lattice blur approximates a unit-variance Gaussian, and
 * located in its enclosing simplex of the lattice. <b>Splat</b> spreads a pixel's value over the
 * d+1 simplex vertices with barycentric weights, <b>blur</b> convolves the occupied lattice points
 * with the kernel [½ 1 ½] along each of the d+1 lattice directions in turn (absent neighbours count
 * as zero), and <b>slice</b> reads back with the same barycentric weights times
 * {@code 1 / (1 + 2^-d)}. The result approximates the exact Gaussian sum of {@link GaussianFilter}
 * up to a gain g that depends on d (and slightly on the data); the self contribution is included.
 * The approximation is not exact: see the tests for measured errors against
 * {@link ExactGaussianFilter}.
 * <p>
 * <b>Reuse</b>: {@link #build} does the expensive part (embedding, hashing, neighbour lookup) once;
 * {@link #filter} can then be called any number of times, e.g. once per mean-field iteration.
 * <p>
 * <b>Memory</b>: after building, (d+1)·n ints and floats for the splat/slice weights and
 * 2·(d+1)·m ints for the blur neighbours, m being the number of occupied lattice points (at most
 * (d+1)·n; about 2·n for the reference's 5-d bilateral kernel, n/8 for its 2-d Gaussian). Each
 * filter call allocates 2·(m+1)·channels floats of scratch.
 * <p>
 * <b>Threads</b>: immutable after building; {@link #filter} may be called concurrently. A single
 * call with several channels and enough pixels splits the channels into groups filtered in
 * parallel on the common {@link java.util.concurrent.ForkJoinPool}. Each channel is computed by
 * exactly the same sequence of float operations however it is grouped, so results are
 * deterministic and independent of the number of threads.
 */
public final class PermutohedralLattice implements GaussianFilter {

	/** Below this many pixel-channels a filter call stays on the calling thread. */
	private static final long PARALLEL_THRESHOLD = 1 << 15;

	/** Bound on elevated coordinates, far below int overflow of the lattice keys. */
	private static final double MAX_COORDINATE = 1e8;

	private final int pixels;
	private final int dimensions;
	private final int points;
	/** Lattice point index of vertex k of pixel i's simplex, at i * (d + 1) + k. */
	private final int[] vertex;
	/** Barycentric weight of that vertex. */
	private final float[] barycentric;
	/**
	 * For direction j and lattice point p, the two neighbours at 2 * (j * m + p) and
	 * 2 * (j * m + p) + 1, or m (a slot that always holds zeros) where the neighbour is not
	 * occupied.
	 */
	private final int[] neighbours;
	private final float sliceScale;

	private PermutohedralLattice(final int pixels, final int dimensions, final int points, final int[] vertex,
		final float[] barycentric, final int[] neighbours)
	{
		this.pixels = pixels;
		this.dimensions = dimensions;
		this.points = points;
		this.vertex = vertex;
		this.barycentric = barycentric;
		this.neighbours = neighbours;
		this.sliceScale = (float) (1.0 / (1.0 + Math.pow(2, -dimensions)));
	}

	/**
	 * Builds the lattice for a feature set. Time O(n · d²) plus hashing; single thread.
	 *
	 * @throws IllegalArgumentException if the features are too many for int-indexed arrays, or a
	 *           feature is so large (above ~1e7) that lattice coordinates would overflow
	 */
	public static PermutohedralLattice build(final PixelFeatures features) {
		final int n = features.pixels();
		final int d = features.dimensions();
		final int d1 = d + 1;
		if ((long) n * d1 * 2 > Integer.MAX_VALUE) throw new IllegalArgumentException("Too many pixels (" + n +
			") for a " + d + "-dimensional lattice");
		final float[] f = features.values();
		final double[] scale = new double[d];
		final double inverseStd = d1 * Math.sqrt(2.0 / 3.0);
		for (int k = 0; k < d; k++)
			scale[k] = inverseStd / Math.sqrt((k + 1.0) * (k + 2.0));

		final double[] elevated = new double[d1];
		final int[] nearest = new int[d1];
		final int[] rank = new int[d1];
		final double[] weights = new double[d1 + 1];
		final int[] key = new int[d];
		final int[] vertex = new int[n * d1];
		final float[] barycentric = new float[n * d1];
		final LatticePointTable table = new LatticePointTable(d, Math.min(n, 1 << 20));

		for (int i = 0; i < n; i++) {
			elevate(f, i * d, d, scale, elevated);
			for (int r = 0; r <= d; r++)
				if (Math.abs(elevated[r]) > MAX_COORDINATE) throw new IllegalArgumentException("Feature vector of pixel " +
					i + " is too large for the lattice's integer coordinates (|f| ~ " + Math.abs(elevated[r]) / inverseStd +
					"): features must be divided by their standard deviations");
			enclosingSimplex(elevated, d, nearest, rank);
			barycentricWeights(elevated, nearest, rank, d, weights);
			for (int k = 0; k <= d; k++) {
				for (int r = 0; r < d; r++)
					key[r] = nearest[r] + k - (rank[r] > d - k ? d1 : 0);
				vertex[i * d1 + k] = table.findOrInsert(key);
				barycentric[i * d1 + k] = (float) weights[k];
			}
		}
		final int m = table.size();
		return new PermutohedralLattice(n, d, m, vertex, barycentric, blurNeighbours(table, d));
	}

	/**
	 * Projects the scaled feature vector onto the hyperplane Σ x = 0 of R^(d+1), using an
	 * orthogonal basis whose k-th vector is (1, …, 1, -(k+1), 0, …, 0) / √((k+1)(k+2)) with k+1 ones.
	 */
	private static void elevate(final float[] f, final int offset, final int d, final double[] scale,
		final double[] elevated)
	{
		double tail = 0; // Σ of scaled features with index >= k
		for (int k = d; k > 0; k--) {
			final double scaled = f[offset + k - 1] * scale[k - 1];
			elevated[k] = tail - k * scaled;
			tail += scaled;
		}
		elevated[0] = tail;
	}

	/**
	 * Finds the remainder-0 lattice point closest to the elevated position ("nearest", all
	 * coordinates multiples of d+1 summing to 0) and the rank of each coordinate's residual
	 * (0 = largest), which together define the enclosing simplex.
	 */
	private static void enclosingSimplex(final double[] elevated, final int d, final int[] nearest,
		final int[] rank)
	{
		final int d1 = d + 1;
		int coordinateSum = 0;
		for (int r = 0; r <= d; r++) {
			final double v = elevated[r] / d1;
			final int down = (int) Math.floor(v) * d1;
			final int up = down + d1;
			nearest[r] = (up - elevated[r] < elevated[r] - down) ? up : down;
			coordinateSum += nearest[r] / d1;
		}
		Arrays.fill(rank, 0);
		for (int a = 0; a < d; a++)
			for (int b = a + 1; b <= d; b++) {
				if (elevated[a] - nearest[a] < elevated[b] - nearest[b]) rank[a]++;
				else rank[b]++;
			}
		// Rounding may leave the point off the hyperplane; move the coordinates with the most
		// extreme residuals by ±(d+1) to fix the sum, which rotates the ranks.
		if (coordinateSum != 0) {
			for (int r = 0; r <= d; r++) {
				rank[r] += coordinateSum;
				if (rank[r] < 0) {
					rank[r] += d1;
					nearest[r] += d1;
				}
				else if (rank[r] > d) {
					rank[r] -= d1;
					nearest[r] -= d1;
				}
			}
		}
	}

	/** Barycentric weights of the position in its simplex; vertex k gets weights[k]. */
	private static void barycentricWeights(final double[] elevated, final int[] nearest, final int[] rank,
		final int d, final double[] weights)
	{
		final int d1 = d + 1;
		Arrays.fill(weights, 0);
		for (int r = 0; r <= d; r++) {
			final double delta = (elevated[r] - nearest[r]) / d1;
			weights[d - rank[r]] += delta;
			weights[d1 - rank[r]] -= delta;
		}
		weights[0] += 1.0 + weights[d1];
	}

	/** Looks up, for every lattice point and direction, its two neighbours along that direction. */
	private static int[] blurNeighbours(final LatticePointTable table, final int d) {
		final int m = table.size();
		final int d1 = d + 1;
		if ((long) m * d1 * 2 > Integer.MAX_VALUE) throw new IllegalArgumentException("Lattice too large: " + m +
			" points in " + d + " dimensions");
		final int[] neighbours = new int[2 * d1 * m];
		final int[] key = new int[d];
		final int[] plus = new int[d];
		final int[] minus = new int[d];
		for (int p = 0; p < m; p++) {
			table.copyKey(p, key);
			for (int j = 0; j <= d; j++) {
				// Direction j: +d+1 on coordinate j and -1 on all (so +d on j), stored coordinates only;
				// the last coordinate is implied by Σ = 0.
				for (int r = 0; r < d; r++) {
					plus[r] = key[r] - 1 + (r == j ? d1 : 0);
					minus[r] = key[r] + 1 - (r == j ? d1 : 0);
				}
				final int o = 2 * (j * m + p);
				final int a = table.find(plus), b = table.find(minus);
				neighbours[o] = a < 0 ? m : a;
				neighbours[o + 1] = b < 0 ? m : b;
			}
		}
		return neighbours;
	}

	@Override
	public int pixels() {
		return pixels;
	}

	@Override
	public int dimensions() {
		return dimensions;
	}

	/** Barycentric weight of vertex k (0..d) of a pixel's enclosing simplex; for tests. */
	float barycentricWeight(final int pixel, final int k) {
		return barycentric[pixel * (dimensions + 1) + k];
	}

	/** The number of occupied lattice points m. */
	public int latticePoints() {
		return points;
	}

	@Override
	public float[] filter(final float[] values, final int channels) {
		GaussianFilter.checkValues(values, channels, pixels);
		final float[] out = new float[channels * pixels];
		final int groups = (long) channels * pixels < PARALLEL_THRESHOLD ? 1 : Math.min(channels, Runtime
			.getRuntime().availableProcessors());
		if (groups == 1) {
			filterChannels(values, out, 0, channels);
		}
		else {
			IntStream.range(0, groups).parallel().forEach(g -> filterChannels(values, out, g * channels / groups,
				(g + 1) * channels / groups));
		}
		return out;
	}

	/** Splat, blur and slice channels [from, to) of a channel-major array. */
	private void filterChannels(final float[] in, final float[] out, final int from, final int to) {
		final int n = pixels, d1 = dimensions + 1, m = points, vc = to - from;
		float[] lattice = new float[(m + 1) * vc];
		float[] blurred = new float[(m + 1) * vc];
		// Splat: point-major, channels contiguous.
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < d1; k++) {
				final int o = vertex[i * d1 + k] * vc;
				final float w = barycentric[i * d1 + k];
				for (int c = 0; c < vc; c++)
					lattice[o + c] += w * in[(from + c) * n + i];
			}
		}
		// Blur along each lattice direction in turn. Absent neighbours point at slot m, which stays 0.
		for (int j = 0; j < d1; j++) {
			final int base = 2 * j * m;
			for (int p = 0; p < m; p++) {
				final int a = neighbours[base + 2 * p] * vc;
				final int b = neighbours[base + 2 * p + 1] * vc;
				final int o = p * vc;
				for (int c = 0; c < vc; c++)
					blurred[o + c] = lattice[o + c] + 0.5f * (lattice[a + c] + lattice[b + c]);
			}
			final float[] swap = lattice;
			lattice = blurred;
			blurred = swap;
		}
		// Slice.
		for (int i = 0; i < n; i++) {
			for (int c = 0; c < vc; c++) {
				float s = 0;
				for (int k = 0; k < d1; k++)
					s += barycentric[i * d1 + k] * lattice[vertex[i * d1 + k] * vc + c];
				out[(from + c) * n + i] = s * sliceScale;
			}
		}
	}
}
