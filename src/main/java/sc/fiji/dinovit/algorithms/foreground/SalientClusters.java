package sc.fiji.dinovit.algorithms.foreground;

import java.util.Arrays;
import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.ConcatenatedSource;
import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.util.Progress;

/**
 * Foreground clustering of a set of images: co-segmentation's steps 4 to 7 and stage 1 of part
 * co-segmentation (reference-behaviour §3.2, §4.3). The L2-normalised descriptors of all images
 * are clustered with the elbow rule, then each voting image votes for the clusters that are
 * salient in it; the clusters with enough votes are the foreground.
 * <ul>
 * <li>Training set: rows 0, n, 2n, ... of each image (n = sample interval; the index restarts in
 * every image), in image order.</li>
 * <li>A cluster gets an image's vote if the mean saliency of the image's patches in that cluster is
 * strictly greater than the threshold; a cluster absent from an image gets no vote from it
 * ({@link Voting}).</li>
 * <li>Salient: votes &ge; ceil(N &middot; p / 100), N = number of voting images.</li>
 * </ul>
 * The descriptors must already be unit length: the callers normalise them their own way (read
 * through {@link sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource}, or copied), and this
 * class never normalises again. Immutable result; accessors return copies.
 */
public final class SalientClusters {

	private final int k;
	private final int dim;
	private final float[] centroids;
	private final int[] labels;
	private final long[] starts;
	private final double[][] meanSaliency;
	private final int[] members;
	private final int[] votes;
	private final int votesNeeded;
	private final int voters;
	private final double[] objectives;
	private final boolean stoppedByRule;
	private final int trainingPoints;

	private SalientClusters(final ElbowResult elbow, final int dim, final long[] starts,
		final double[][] meanSaliency, final int[] members, final int[] votes, final int votesNeeded, final int voters,
		final int trainingPoints)
	{
		this.k = elbow.k();
		this.dim = dim;
		this.centroids = elbow.centroids();
		this.labels = elbow.labels();
		this.starts = starts;
		this.meanSaliency = meanSaliency;
		this.members = members;
		this.votes = votes;
		this.votesNeeded = votesNeeded;
		this.voters = voters;
		this.objectives = elbow.objectives();
		this.stoppedByRule = elbow.stoppedByRule();
		this.trainingPoints = trainingPoints;
	}

	/**
	 * Clusters and votes.
	 *
	 * @param unitDescriptors per image, unit-length descriptors (read in place, not copied)
	 * @param saliency per image, one value per descriptor, or null for an image that does not vote
	 *          (an augmentation)
	 * @param search the elbow search (e.g. {@link ElbowSearch#reference(double)} with 0.975)
	 * @param sampleInterval every n-th descriptor per image trains the k-means (&ge; 1)
	 * @param threshold saliency threshold τ (a vote needs mean saliency &gt; τ)
	 * @param votesPercentage p in (0, 100]
	 * @param progress cancellation at every chunk of descriptors read by the clustering, and the
	 *          fraction of the expected reads (one per tried k)
	 * @throws IllegalArgumentException if no image votes, or sizes do not match
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public static SalientClusters find(final List<? extends DescriptorSource> unitDescriptors,
		final List<float[]> saliency, final ElbowSearch search, final int sampleInterval, final double threshold,
		final double votesPercentage, final Progress progress)
	{
		if (unitDescriptors.size() != saliency.size()) throw new IllegalArgumentException(unitDescriptors.size() +
			" descriptor arrays but " + saliency.size() + " saliency entries");
		int voters = 0;
		for (int i = 0; i < saliency.size(); i++) {
			final float[] s = saliency.get(i);
			if (s == null) continue;
			voters++;
			if (s.length != unitDescriptors.get(i).count()) throw new IllegalArgumentException("Image " + i + " has " +
				s.length + " saliency values for " + unitDescriptors.get(i).count() + " descriptors");
		}
		if (sampleInterval < 1) throw new IllegalArgumentException("sample_interval must be >= 1, got " +
			sampleInterval);
		if (voters == 0) throw new IllegalArgumentException("No image votes for salient clusters: give at least " +
			"one original image with a saliency map");
		progress.checkCancelled();
		final ConcatenatedSource all = new ConcatenatedSource(unitDescriptors);
		final float[] training = all.everyNthOfEachPart(sampleInterval);
		progress.checkCancelled();
		final ElbowResult elbow = search.run(training, new CancellableSource(all, progress, search.kMax()), progress);
		progress.checkCancelled();
		final int k = elbow.k();
		final int[] labels = elbow.labels();
		final int n = unitDescriptors.size();
		final long[] starts = new long[n + 1];
		final int[] members = new int[k];
		final int[] votes = new int[k];
		final double[][] mean = new double[n][];
		for (int i = 0; i < n; i++) {
			starts[i] = all.start(i);
			final int first = (int) all.start(i), end = (int) all.start(i + 1);
			for (int r = first; r < end; r++)
				members[labels[r]]++;
			final float[] s = saliency.get(i);
			if (s == null) continue;
			mean[i] = Voting.meanSaliencyPerLabel(labels, first, s, k);
			for (int c = 0; c < k; c++)
				if (Voting.votes(mean[i][c], threshold)) votes[c]++;
		}
		starts[n] = all.count();
		return new SalientClusters(elbow, all.dim(), starts, mean, members, votes, Voting.votesNeeded(voters,
			votesPercentage), voters, training.length / all.dim());
	}

	/** The number of clusters the elbow rule chose. */
	public int k() { return k; }

	/** Centroids, k * dim, row-major (plain means of unit vectors). */
	public float[] centroids() { return centroids.clone(); }

	/** Cluster label of every descriptor of an image. */
	public int[] labels(final int image) {
		return Arrays.copyOfRange(labels, (int) starts[image], (int) starts[image + 1]);
	}

	/**
	 * Mean saliency of each cluster's descriptors in a voting image (NaN for a cluster absent from
	 * it), or null for an image that does not vote.
	 */
	public double[] meanSaliency(final int image) {
		return meanSaliency[image] == null ? null : meanSaliency[image].clone();
	}

	/** Votes per cluster. */
	public int[] votes() { return votes.clone(); }

	/** Votes a cluster needs to be salient: ceil(N p / 100). */
	public int votesNeeded() { return votesNeeded; }

	/** N: the number of images that voted. */
	public int voters() { return voters; }

	/** Descriptors (over all images) assigned to each cluster. */
	public int[] members() { return members.clone(); }

	/** Mean squared distance of every tried k (index k - 1). */
	public double[] objectives() { return objectives.clone(); }

	/** Whether the elbow rule fired (false: kMax was reached). */
	public boolean stoppedByRule() { return stoppedByRule; }

	/** Number of descriptors the k-means trained on. */
	public int trainingPoints() { return trainingPoints; }

	public boolean isSalient(final int cluster) {
		return votes[cluster] >= votesNeeded;
	}

	/** Per cluster: whether it is salient. */
	public boolean[] salient() {
		final boolean[] s = new boolean[k];
		for (int c = 0; c < k; c++)
			s[c] = isSalient(c);
		return s;
	}

	/** The salient clusters, ascending. */
	public int[] salientClusters() {
		return clusters(true);
	}

	/** Per descriptor of an image: whether its cluster is salient. */
	public boolean[] foreground(final int image) {
		final boolean[] fg = new boolean[(int) (starts[image + 1] - starts[image])];
		for (int i = 0; i < fg.length; i++)
			fg[i] = isSalient(labels[(int) starts[image] + i]);
		return fg;
	}

	/**
	 * Centroids of the non-salient clusters that have at least one descriptor (rows, ascending
	 * cluster order); possibly empty (0 rows). A cluster without any descriptor carries no evidence
	 * of background and is left out.
	 */
	public float[] backgroundCentroids() {
		final int[] chosen = clusters(false);
		final float[] out = new float[chosen.length * dim];
		for (int i = 0; i < chosen.length; i++)
			System.arraycopy(centroids, chosen[i] * dim, out, i * dim, dim);
		return out;
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
