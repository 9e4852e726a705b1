package sc.fiji.dinovit.algorithms.parts;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.util.Progress;

/**
 * Stage 1 of part co-segmentation, which is co-segmentation's steps 4 to 7 (reference-behaviour
 * §3.2, §4.3): cluster the L2-normalised descriptors of all images with the elbow rule, then let
 * each voting image vote for the clusters that are salient in it; the clusters with enough votes
 * are the foreground.
 * <ul>
 * <li>Training set: rows 0, n, 2n, ... of each image (n = sample interval), in image order.</li>
 * <li>A cluster gets an image's vote if the mean saliency of the image's patches in that cluster is
 * strictly greater than the threshold; a cluster absent from an image gets no vote from it.</li>
 * <li>Salient: votes &ge; ceil(N &middot; p / 100), N = number of voting images.</li>
 * </ul>
 * Immutable result; accessors return copies. (Meant to be folded into the co-segmentation package's
 * equivalent once both exist.)
 */
public final class SalientClusters {

	private final int k;
	private final int dim;
	private final float[] centroids;
	private final List<int[]> labels;
	private final int[] members;
	private final int[] votes;
	private final int votesNeeded;

	private SalientClusters(final int k, final int dim, final float[] centroids, final List<int[]> labels,
		final int[] members, final int[] votes, final int votesNeeded)
	{
		this.k = k;
		this.dim = dim;
		this.centroids = centroids;
		this.labels = labels;
		this.members = members;
		this.votes = votes;
		this.votesNeeded = votesNeeded;
	}

	/**
	 * Clusters and votes.
	 *
	 * @param unitDescriptors per image, L2-normalised descriptors (rows * dim), not modified
	 * @param saliency per image, one value per row, or null for an image that does not vote
	 *          (augmentation)
	 * @param search the elbow search (e.g. {@link ElbowSearch#reference(double)} with 0.975)
	 * @param sampleInterval every n-th descriptor per image trains the k-means (&ge; 1)
	 * @param threshold saliency threshold τ (a vote needs mean saliency &gt; τ)
	 * @param votesPercentage p in 1..100
	 * @throws IllegalArgumentException if no image votes, or sizes do not match
	 */
	public static SalientClusters find(final List<float[]> unitDescriptors, final int dim,
		final List<float[]> saliency, final ElbowSearch search, final int sampleInterval, final double threshold,
		final int votesPercentage, final Progress progress)
	{
		if (unitDescriptors.size() != saliency.size()) throw new IllegalArgumentException(unitDescriptors.size() +
			" descriptor arrays but " + saliency.size() + " saliency entries");
		int voters = 0;
		for (int i = 0; i < saliency.size(); i++) {
			final float[] s = saliency.get(i);
			if (s == null) continue;
			voters++;
			if (s.length != DescriptorRows.rows(unitDescriptors.get(i), dim)) throw new IllegalArgumentException(
				"Image " + i + " has " + s.length + " saliency values for " + DescriptorRows.rows(unitDescriptors.get(i),
					dim) + " descriptors");
		}
		if (sampleInterval < 1) throw new IllegalArgumentException("sample_interval must be >= 1, got " +
			sampleInterval);
		if (voters == 0) throw new IllegalArgumentException("No image votes for salient clusters: give at least " +
			"one original image with a saliency map");
		progress.checkCancelled();
		progress.status("Part co-segmentation: foreground clustering (elbow search)");
		final ElbowResult elbow = search.run(DescriptorRows.everyNth(unitDescriptors, dim, sampleInterval),
			DescriptorRows.concatenated(unitDescriptors, dim));
		progress.checkCancelled();
		final int k = elbow.k();
		final int[] all = elbow.labels();
		final List<int[]> perImage = new ArrayList<>();
		final int[] members = new int[k];
		final int[] votes = new int[k];
		int offset = 0;
		for (int i = 0; i < unitDescriptors.size(); i++) {
			final int n = DescriptorRows.rows(unitDescriptors.get(i), dim);
			final int[] l = new int[n];
			System.arraycopy(all, offset, l, 0, n);
			offset += n;
			perImage.add(l);
			for (final int label : l)
				members[label]++;
			final float[] s = saliency.get(i);
			if (s == null) continue;
			final double[] sum = new double[k];
			final int[] count = new int[k];
			for (int p = 0; p < n; p++) {
				sum[l[p]] += s[p];
				count[l[p]]++;
			}
			for (int c = 0; c < k; c++)
				if (count[c] > 0 && sum[c] / count[c] > threshold) votes[c]++;
		}
		final int needed = (voters * votesPercentage + 99) / 100;
		return new SalientClusters(k, dim, elbow.centroids(), perImage, members, votes, needed);
	}

	/** The number of clusters the elbow rule chose. */
	public int k() { return k; }

	/** Centroids, k * dim, row-major (plain means of unit vectors). */
	public float[] centroids() { return centroids.clone(); }

	/** Cluster label of every descriptor of an image. */
	public int[] labels(final int image) { return labels.get(image).clone(); }

	/** Votes per cluster. */
	public int[] votes() { return votes.clone(); }

	/** Votes a cluster needs to be salient: ceil(N p / 100). */
	public int votesNeeded() { return votesNeeded; }

	/** Descriptors (over all images) assigned to each cluster. */
	public int[] members() { return members.clone(); }

	public boolean isSalient(final int cluster) {
		return votes[cluster] >= votesNeeded;
	}

	/** The salient clusters, ascending. */
	public int[] salientClusters() {
		return clusters(true);
	}

	/** Per descriptor of an image: whether its cluster is salient. */
	public boolean[] foreground(final int image) {
		final int[] l = labels.get(image);
		final boolean[] fg = new boolean[l.length];
		for (int i = 0; i < l.length; i++)
			fg[i] = isSalient(l[i]);
		return fg;
	}

	/**
	 * Centroids of the non-salient clusters that have at least one descriptor (rows, ascending
	 * cluster order); possibly empty (0 rows). A cluster without any descriptor carries no evidence
	 * of background and is left out.
	 */
	public float[] backgroundCentroids() {
		return DescriptorRows.rows(centroids, dim, clusters(false));
	}

	private int[] clusters(final boolean salient) {
		int n = 0;
		for (int c = 0; c < k; c++)
			if (isSalient(c) == salient && (salient || members[c] > 0)) n++;
		final int[] out = new int[n];
		for (int c = 0, i = 0; c < k; c++)
			if (isSalient(c) == salient && (salient || members[c] > 0)) out[i++] = c;
		return out;
	}
}
