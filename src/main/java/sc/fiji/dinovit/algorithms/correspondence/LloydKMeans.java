package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Small k-means for the pair descriptors: greedy k-means++ seeding (2 + ln k candidates per
 * centre), Lloyd iterations until the squared centre shift falls below the tolerance, empty
 * clusters refilled with the point farthest from its centre, best of several restarts by inertia
 * (ties: earliest restart).
 * <p>
 * Squared distances are ||x||^2 + ||c||^2 - 2 x.c with the dot products from {@link PackedRows}
 * (float) and norms and means in double. Each restart has its own random stream drawn in order
 * from the seed, so restarts run in parallel and the result is the same for any thread count.
 * To be replaced by the shared k-means.
 */
final class LloydKMeans implements PairClusterer {

	private final int restarts;
	private final int maxIterations;
	private final double relativeTolerance;

	LloydKMeans(final int restarts, final int maxIterations, final double relativeTolerance) {
		if (restarts < 1 || maxIterations < 1) throw new IllegalArgumentException(
			"k-means needs at least one restart and one iteration, got " + restarts + " and " + maxIterations);
		this.restarts = restarts;
		this.maxIterations = maxIterations;
		this.relativeTolerance = relativeTolerance;
	}

	private static final class Run {
		final int[] labels;
		final double inertia;

		Run(final int[] labels, final double inertia) {
			this.labels = labels;
			this.inertia = inertia;
		}
	}

	/** The points, packed, with their squared norms. */
	private static final class Points {
		final float[] x;
		final int n;
		final int d;
		final PackedRows packed;
		final double[] squaredNorms;

		Points(final float[] x, final int n, final int d) {
			this.x = x;
			this.n = n;
			this.d = d;
			this.packed = PackedRows.pack(x, n, d);
			this.squaredNorms = new double[n];
			for (int i = 0; i < n; i++)
				squaredNorms[i] = squaredNorm(x, i * d, d);
		}
	}

	@Override
	public int[] cluster(final float[] data, final int n, final int d, final int k, final long seed) {
		if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
		if ((long) n * d != data.length) throw new IllegalArgumentException("Data has " + data.length +
			" values, expected " + n + " x " + d);
		if (k == n) {
			final int[] labels = new int[n];
			Arrays.setAll(labels, i -> i);
			return labels;
		}
		final SplittableRandom master = new SplittableRandom(seed);
		final long[] seeds = new long[restarts];
		for (int r = 0; r < restarts; r++)
			seeds[r] = master.nextLong();
		final Points pts = new Points(data, n, d);
		final double tol = relativeTolerance * meanVariance(data, n, d);
		final Run[] runs = IntStream.range(0, restarts).parallel()
			.mapToObj(r -> runOnce(pts, k, new SplittableRandom(seeds[r]), tol)).toArray(Run[]::new);
		Run best = runs[0];
		for (final Run r : runs)
			if (r.inertia < best.inertia) best = r;
		return best.labels;
	}

	private Run runOnce(final Points pts, final int k, final SplittableRandom rnd, final double tol) {
		final int trials = 2 + (int) Math.log(k);
		final float[][] tile = PackedRows.newTile(Math.min(BlockedCosineSearch.ROW_BLOCK, Math.max(k, trials)));
		float[] centres = seedPlusPlus(pts, k, trials, rnd, tile);
		final int[] labels = new int[pts.n];
		final double[] dist = new double[pts.n];
		final float[] dots = new float[k * pts.n];
		for (int it = 0; it < maxIterations; it++) {
			assign(pts, centres, k, labels, dist, dots, tile);
			final float[] next = means(pts, k, labels, dist);
			double shift = 0;
			for (int t = 0; t < next.length; t++) {
				final double v = (double) next[t] - centres[t];
				shift += v * v;
			}
			centres = next;
			if (shift <= tol) break;
		}
		return new Run(labels, assign(pts, centres, k, labels, dist, dots, tile));
	}

	private static float[] seedPlusPlus(final Points pts, final int k, final int trials,
		final SplittableRandom rnd, final float[][] tile)
	{
		final int n = pts.n, d = pts.d;
		final float[] centres = new float[k * d];
		final float[] dots = new float[trials * n];
		final int first = rnd.nextInt(n);
		System.arraycopy(pts.x, first * d, centres, 0, d);
		final double[] closest = new double[n];
		distancesTo(pts, centres, 0, 1, dots, tile);
		for (int i = 0; i < n; i++)
			closest[i] = squaredDistance(pts, i, pts.squaredNorms[first], dots[i]);
		final int[] cand = new int[trials];
		final float[] candRows = new float[trials * d];
		for (int c = 1; c < k; c++) {
			double total = 0;
			for (final double v : closest) total += v;
			for (int t = 0; t < trials; t++) {
				cand[t] = sample(closest, total, rnd);
				System.arraycopy(pts.x, cand[t] * d, candRows, t * d, d);
			}
			distancesTo(pts, candRows, 0, trials, dots, tile);
			int bestT = 0;
			double bestPotential = Double.POSITIVE_INFINITY;
			for (int t = 0; t < trials; t++) {
				double potential = 0;
				for (int i = 0; i < n; i++)
					potential += Math.min(closest[i], squaredDistance(pts, i, pts.squaredNorms[cand[t]], dots[t * n + i]));
				if (potential < bestPotential) {
					bestPotential = potential;
					bestT = t;
				}
			}
			for (int i = 0; i < n; i++)
				closest[i] = Math.min(closest[i], squaredDistance(pts, i, pts.squaredNorms[cand[bestT]],
					dots[bestT * n + i]));
			System.arraycopy(pts.x, cand[bestT] * d, centres, c * d, d);
		}
		return centres;
	}

	/** dots[r * n + i] = x_i . rows[first + r] for r &lt; count. */
	private static void distancesTo(final Points pts, final float[] rows, final int first, final int count,
		final float[] dots, final float[][] tile)
	{
		final float[] block = first == 0 && rows.length == count * pts.d ? rows
			: Arrays.copyOfRange(rows, first * pts.d, (first + count) * pts.d);
		pts.packed.dots(block, count, dots, tile);
	}

	private static double squaredDistance(final Points pts, final int i, final double centreSquaredNorm,
		final float dot)
	{
		return Math.max(0, pts.squaredNorms[i] + centreSquaredNorm - 2.0 * dot);
	}

	/** An index drawn with probability proportional to weight (uniform if all weights are 0). */
	private static int sample(final double[] weights, final double total, final SplittableRandom rnd) {
		if (!(total > 0)) return rnd.nextInt(weights.length);
		final double u = rnd.nextDouble() * total;
		double acc = 0;
		for (int i = 0; i < weights.length; i++) {
			acc += weights[i];
			if (u < acc) return i;
		}
		return weights.length - 1;
	}

	/** Nearest centre per point (ties: lowest centre); returns the inertia. */
	private static double assign(final Points pts, final float[] centres, final int k, final int[] labels,
		final double[] dist, final float[] dots, final float[][] tile)
	{
		final int n = pts.n;
		pts.packed.dots(centres, k, dots, tile);
		final double[] cc = new double[k];
		for (int c = 0; c < k; c++)
			cc[c] = squaredNorm(centres, c * pts.d, pts.d);
		double inertia = 0;
		for (int i = 0; i < n; i++) {
			int arg = 0;
			double best = Double.POSITIVE_INFINITY;
			for (int c = 0; c < k; c++) {
				final double v = squaredDistance(pts, i, cc[c], dots[c * n + i]);
				if (v < best) {
					best = v;
					arg = c;
				}
			}
			labels[i] = arg;
			dist[i] = best;
			inertia += best;
		}
		return inertia;
	}

	/** Cluster means; an empty cluster takes the point farthest from its centre (which then moves). */
	private static float[] means(final Points pts, final int k, final int[] labels, final double[] dist) {
		final int n = pts.n, d = pts.d;
		final float[] x = pts.x;
		final double[][] sums = new double[k][d];
		final int[] counts = new int[k];
		for (int i = 0; i < n; i++) {
			final double[] s = sums[labels[i]];
			final int o = i * d;
			for (int j = 0; j < d; j++)
				s[j] += x[o + j];
			counts[labels[i]]++;
		}
		for (int c = 0; c < k; c++) {
			if (counts[c] > 0) continue;
			int far = -1;
			for (int i = 0; i < n; i++)
				if (counts[labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
			if (far < 0) continue;
			final int from = labels[far];
			final int o = far * d;
			for (int j = 0; j < d; j++) {
				sums[from][j] -= x[o + j];
				sums[c][j] = x[o + j];
			}
			counts[from]--;
			counts[c] = 1;
			labels[far] = c;
			dist[far] = 0;
		}
		final float[] centres = new float[k * d];
		for (int c = 0; c < k; c++)
			if (counts[c] > 0) for (int j = 0; j < d; j++)
				centres[c * d + j] = (float) (sums[c][j] / counts[c]);
		return centres;
	}

	private static double meanVariance(final float[] x, final int n, final int d) {
		final double[] s = new double[d];
		final double[] ss = new double[d];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < d; j++) {
				final double v = x[i * d + j];
				s[j] += v;
				ss[j] += v * v;
			}
		double total = 0;
		for (int j = 0; j < d; j++) {
			final double mean = s[j] / n;
			total += Math.max(0, ss[j] / n - mean * mean);
		}
		return total / d;
	}

	private static double squaredNorm(final float[] x, final int offset, final int d) {
		double s = 0;
		for (int j = 0; j < d; j++) {
			final double v = x[offset + j];
			s += v * v;
		}
		return s;
	}
}
