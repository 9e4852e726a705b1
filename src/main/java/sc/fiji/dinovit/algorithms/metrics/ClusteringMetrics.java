package sc.fiji.dinovit.algorithms.metrics;

import java.math.BigInteger;

/**
 * Agreement of two labelings of the same pixels, matching scikit-learn 1.2's
 * {@code normalized_mutual_info_score} (arithmetic normalisation) and {@code adjusted_rand_score},
 * edge cases included. Labels are arbitrary ints; only equality matters.
 * <p>
 * The foreground variants keep only the pixels whose ground-truth label is not
 * {@link #BACKGROUND} (0).
 */
public final class ClusteringMetrics {

	/** Ground-truth label of background pixels in the foreground-only variants. */
	public static final int BACKGROUND = 0;
	private static final double EPS = Math.ulp(1.0);

	private ClusteringMetrics() {}

	/**
	 * Normalised mutual information, MI / mean(H(truth), H(predicted)). 1.0 when both labelings
	 * have one cluster (or no samples); 0.0 when the mutual information is 0 otherwise.
	 */
	public static double nmi(final int[] truth, final int[] predicted) {
		final Contingency c = Contingency.of(truth, predicted);
		if (c.numClasses() == c.numClusters() && c.numClasses() <= 1) return 1.0;
		final double mi = mutualInformation(c);
		if (mi == 0) return 0.0;
		final double normaliser = 0.5 * (entropy(c.classSums, c.samples) + entropy(c.clusterSums, c.samples));
		return mi / normaliser;
	}

	/**
	 * Adjusted Rand index from the pair confusion matrix, computed with exact integers. 1.0 when
	 * no pair is split differently by the two labelings (including empty input).
	 */
	public static double ari(final int[] truth, final int[] predicted) {
		final Contingency c = Contingency.of(truth, predicted);
		final long n = c.samples;
		long sumSquares = 0;
		for (final long v : c.cells)
			sumSquares += v * v;
		long classSquares = 0;
		for (final long v : c.classSums)
			classSquares += v * v;
		long clusterSquares = 0;
		for (final long v : c.clusterSums)
			clusterSquares += v * v;
		final BigInteger tp = BigInteger.valueOf(sumSquares - n);
		final BigInteger fp = BigInteger.valueOf(clusterSquares - sumSquares);
		final BigInteger fn = BigInteger.valueOf(classSquares - sumSquares);
		final BigInteger tn = BigInteger.valueOf(n).multiply(BigInteger.valueOf(n)).subtract(fp).subtract(fn)
			.subtract(BigInteger.valueOf(sumSquares));
		if (fn.signum() == 0 && fp.signum() == 0) return 1.0;
		final BigInteger numerator = tp.multiply(tn).subtract(fn.multiply(fp));
		final BigInteger denominator = tp.add(fn).multiply(fn.add(tn)).add(tp.add(fp).multiply(fp.add(tn)));
		return 2.0 * numerator.doubleValue() / denominator.doubleValue();
	}

	/** {@link #nmi} over the pixels whose ground truth is not background. */
	public static double nmiForeground(final int[] truth, final int[] predicted) {
		final int[][] fg = foreground(truth, predicted);
		return nmi(fg[0], fg[1]);
	}

	/** {@link #ari} over the pixels whose ground truth is not background. */
	public static double ariForeground(final int[] truth, final int[] predicted) {
		final int[][] fg = foreground(truth, predicted);
		return ari(fg[0], fg[1]);
	}

	/** Mutual information in nats, per-cell terms below machine epsilon dropped, clipped at 0 (as sklearn). */
	static double mutualInformation(final Contingency c) {
		if (c.numClasses() == 1 || c.numClusters() == 1) return 0.0;
		final double total = c.samples;
		final double logTotal = Math.log(total);
		double mi = 0;
		for (int i = 0; i < c.cells.length; i++) {
			final double nij = c.cells[i];
			final double p = nij / total;
			final double outer = (double) (c.classSums[c.cellClass[i]] * c.clusterSums[c.cellCluster[i]]);
			final double term = p * (Math.log(nij) - logTotal) + p * (-Math.log(outer) + logTotal + logTotal);
			if (Math.abs(term) >= EPS) mi += term;
		}
		return Math.max(mi, 0.0);
	}

	/** Entropy in nats of a labeling given its cluster sizes (0 for a single cluster). */
	static double entropy(final long[] sizes, final long samples) {
		if (samples == 0) return 1.0;
		if (sizes.length == 1) return 0.0;
		final double logTotal = Math.log(samples);
		double h = 0;
		for (final long s : sizes)
			h -= (s / (double) samples) * (Math.log(s) - logTotal);
		return h;
	}

	private static int[][] foreground(final int[] truth, final int[] predicted) {
		if (truth == null || predicted == null) throw new IllegalArgumentException("Labelings must not be null");
		if (truth.length != predicted.length) throw new IllegalArgumentException(
			"Labelings differ in length: " + truth.length + " vs " + predicted.length);
		int n = 0;
		for (final int t : truth)
			if (t != BACKGROUND) n++;
		final int[] t2 = new int[n];
		final int[] p2 = new int[n];
		int j = 0;
		for (int i = 0; i < truth.length; i++)
			if (truth[i] != BACKGROUND) {
				t2[j] = truth[i];
				p2[j++] = predicted[i];
			}
		return new int[][] { t2, p2 };
	}
}
