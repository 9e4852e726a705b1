package sc.fiji.dinovit.algorithms.grabcut;

import java.util.SplittableRandom;

/**
 * Lloyd's k-means on 3-D points with k-means++ seeding, the way OpenCV's {@code kmeans} with
 * {@code KMEANS_PP_CENTERS} initialises GrabCut's colour models: each new centre is the best of
 * {@link #SEEDING_TRIALS} D&sup2;-weighted draws (the one that lowers the total squared distance
 * most), then at most {@code iterations} rounds of assign / re-centre, stopping early when no
 * assignment changes. An empty cluster takes the point farthest from its centre in the largest
 * cluster.
 * <p>
 * The random draws come from the caller's {@link SplittableRandom}, so a fixed seed gives the
 * same result on every JVM; they cannot reproduce OpenCV's RNG.
 */
public final class ColourKMeans {

	/** Candidates drawn per k-means++ centre (as OpenCV). */
	public static final int SEEDING_TRIALS = 3;

	private ColourKMeans() {}

	/**
	 * Clusters {@code points} (x, y, z interleaved, n = points.length / 3).
	 *
	 * @return the cluster (0..k-1) of every point
	 * @throws IllegalArgumentException if there are fewer points than clusters
	 */
	public static int[] cluster(final double[] points, final int k, final int iterations,
		final SplittableRandom random)
	{
		final int n = points.length / 3;
		if (k < 1 || n < k) throw new IllegalArgumentException("k-means needs at least k = " + k +
			" points (and k >= 1), got " + n);
		final double[] centres = seedPlusPlus(points, n, k, random);
		final int[] labels = new int[n];
		assign(points, n, centres, k, labels);
		for (int it = 0; it < iterations; it++) {
			recentre(points, n, centres, k, labels);
			if (assign(points, n, centres, k, labels) == 0) break;
		}
		return labels;
	}

	private static double[] seedPlusPlus(final double[] p, final int n, final int k,
		final SplittableRandom random)
	{
		final double[] centres = new double[3 * k];
		final double[] nearest = new double[n]; // squared distance to the closest centre so far
		final double[] candidate = new double[n];
		final int first = random.nextInt(n);
		System.arraycopy(p, 3 * first, centres, 0, 3);
		double potential = 0;
		for (int i = 0; i < n; i++)
			potential += nearest[i] = distance2(p, i, centres, 0);
		for (int c = 1; c < k; c++) {
			int bestPoint = -1;
			double bestPotential = Double.POSITIVE_INFINITY;
			for (int trial = 0; trial < SEEDING_TRIALS; trial++) {
				final int point = drawWeighted(nearest, potential, random);
				double sum = 0;
				for (int i = 0; i < n; i++)
					sum += Math.min(nearest[i], distance2(p, i, p, point));
				if (sum < bestPotential) {
					bestPotential = sum;
					bestPoint = point;
				}
			}
			System.arraycopy(p, 3 * bestPoint, centres, 3 * c, 3);
			potential = 0;
			for (int i = 0; i < n; i++) {
				candidate[i] = Math.min(nearest[i], distance2(p, i, p, bestPoint));
				potential += candidate[i];
			}
			System.arraycopy(candidate, 0, nearest, 0, n);
		}
		return centres;
	}

	/** An index drawn with probability proportional to its weight (uniform if all are 0). */
	private static int drawWeighted(final double[] weights, final double total, final SplittableRandom random) {
		if (!(total > 0)) return random.nextInt(weights.length);
		final double target = random.nextDouble() * total;
		double cumulative = 0;
		for (int i = 0; i < weights.length; i++) {
			cumulative += weights[i];
			if (cumulative > target && weights[i] > 0) return i;
		}
		for (int i = weights.length - 1; i >= 0; i--)
			if (weights[i] > 0) return i; // rounding: target landed past the last partial sum
		return weights.length - 1;
	}

	/** @return how many labels changed */
	private static int assign(final double[] p, final int n, final double[] centres, final int k,
		final int[] labels)
	{
		int changed = 0;
		for (int i = 0; i < n; i++) {
			int best = 0;
			double bestD = Double.POSITIVE_INFINITY;
			for (int c = 0; c < k; c++) {
				final double d = distance2(p, i, centres, c);
				if (d < bestD) {
					bestD = d;
					best = c;
				}
			}
			if (labels[i] != best) changed++;
			labels[i] = best;
		}
		return changed;
	}

	private static void recentre(final double[] p, final int n, final double[] centres, final int k,
		final int[] labels)
	{
		final double[] sums = new double[3 * k];
		final int[] counts = new int[k];
		for (int i = 0; i < n; i++) {
			final int c = labels[i];
			counts[c]++;
			for (int d = 0; d < 3; d++)
				sums[3 * c + d] += p[3 * i + d];
		}
		for (int c = 0; c < k; c++)
			if (counts[c] == 0) refillEmpty(p, n, centres, k, labels, counts, sums, c);
		for (int c = 0; c < k; c++)
			for (int d = 0; d < 3; d++)
				centres[3 * c + d] = sums[3 * c + d] / counts[c];
	}

	/** Moves the point of the largest cluster farthest from that cluster's centre into cluster c. */
	private static void refillEmpty(final double[] p, final int n, final double[] centres, final int k,
		final int[] labels, final int[] counts, final double[] sums, final int c)
	{
		int largest = 0;
		for (int j = 1; j < k; j++)
			if (counts[j] > counts[largest]) largest = j;
		int far = -1;
		double farD = -1;
		for (int i = 0; i < n; i++)
			if (labels[i] == largest) {
				final double d = distance2(p, i, centres, largest);
				if (d > farD) {
					farD = d;
					far = i;
				}
			}
		labels[far] = c;
		counts[largest]--;
		counts[c]++;
		for (int d = 0; d < 3; d++) {
			sums[3 * largest + d] -= p[3 * far + d];
			sums[3 * c + d] += p[3 * far + d];
		}
	}

	private static double distance2(final double[] a, final int i, final double[] b, final int j) {
		final double dx = a[3 * i] - b[3 * j], dy = a[3 * i + 1] - b[3 * j + 1], dz = a[3 * i + 2] - b[3 * j + 2];
		return dx * dx + dy * dy + dz * dz;
	}
}
