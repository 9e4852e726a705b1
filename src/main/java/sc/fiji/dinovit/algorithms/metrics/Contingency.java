package sc.fiji.dinovit.algorithms.metrics;

import java.util.Arrays;

/**
 * Sparse contingency table of two labelings: the non-zero cells (in order of true class, then
 * predicted cluster), row sums per class and column sums per cluster. Labels may be any ints.
 */
final class Contingency {

	final long samples;
	/** Non-zero cell counts, sorted by (class index, cluster index). */
	final long[] cells;
	final int[] cellClass;
	final int[] cellCluster;
	final long[] classSums;
	final long[] clusterSums;

	private Contingency(final long samples, final long[] cells, final int[] cellClass, final int[] cellCluster,
		final long[] classSums, final long[] clusterSums)
	{
		this.samples = samples;
		this.cells = cells;
		this.cellClass = cellClass;
		this.cellCluster = cellCluster;
		this.classSums = classSums;
		this.clusterSums = clusterSums;
	}

	static Contingency of(final int[] truth, final int[] predicted) {
		if (truth == null || predicted == null) throw new IllegalArgumentException("Labelings must not be null");
		if (truth.length != predicted.length) throw new IllegalArgumentException(
			"Labelings differ in length: " + truth.length + " vs " + predicted.length);
		final int n = truth.length;
		final int[] classes = sortedUnique(truth);
		final int[] clusters = sortedUnique(predicted);
		final long[] keys = new long[n];
		final long[] classSums = new long[classes.length];
		final long[] clusterSums = new long[clusters.length];
		for (int i = 0; i < n; i++) {
			final int a = Arrays.binarySearch(classes, truth[i]);
			final int b = Arrays.binarySearch(clusters, predicted[i]);
			classSums[a]++;
			clusterSums[b]++;
			keys[i] = (long) a * clusters.length + b;
		}
		Arrays.sort(keys);
		int cellCount = 0;
		for (int i = 0; i < n; i++)
			if (i == 0 || keys[i] != keys[i - 1]) cellCount++;
		final long[] cells = new long[cellCount];
		final int[] cellClass = new int[cellCount];
		final int[] cellCluster = new int[cellCount];
		int c = -1;
		for (int i = 0; i < n; i++) {
			if (i == 0 || keys[i] != keys[i - 1]) {
				c++;
				cellClass[c] = (int) (keys[i] / clusters.length);
				cellCluster[c] = (int) (keys[i] % clusters.length);
			}
			cells[c]++;
		}
		return new Contingency(n, cells, cellClass, cellCluster, classSums, clusterSums);
	}

	int numClasses() { return classSums.length; }

	int numClusters() { return clusterSums.length; }

	private static int[] sortedUnique(final int[] labels) {
		final int[] s = labels.clone();
		Arrays.sort(s);
		int u = 0;
		for (int i = 0; i < s.length; i++)
			if (i == 0 || s[i] != s[i - 1]) s[u++] = s[i];
		return Arrays.copyOf(s, u);
	}
}
