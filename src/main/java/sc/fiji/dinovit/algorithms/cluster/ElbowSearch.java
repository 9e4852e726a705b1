package sc.fiji.dinovit.algorithms.cluster;

import java.util.Arrays;

import sc.fiji.dinovit.util.Progress;

/**
 * The reference's choice of k (co-segmentation §3.2 step 5): for k = 1, 2, ..., kMax, train
 * k-means on the training subset, assign all descriptors and compute e_k = (sum of squared
 * distances over all descriptors) / count. Stop at the first k >= 2 with
 * {@code e_k > elbow * e_(k-1)} and keep that k (the one that triggered the stop); if the rule
 * never fires, keep kMax.
 * <p>
 * kMax is capped at the number of training points (k-means needs at least k points; the
 * reference would fail there instead).
 */
public final class ElbowSearch {

	/** The reference's coefficient for co-segmentation and part stage 1. */
	public static final double COSEGMENTATION_ELBOW = 0.975;
	/** The reference's coefficient for the second stage of part co-segmentation. */
	public static final double PART_SECOND_STAGE_ELBOW = 0.94;
	/** The reference's largest k. */
	public static final int REFERENCE_K_MAX = 14;

	private final KMeansConfig base;
	private final double elbow;
	private final int kMax;

	/**
	 * @param base k-means settings; its k is replaced by each tried k (use
	 *          {@link KMeansConfig#faissLike(int)} for the reference)
	 * @param elbow coefficient in (0, 1]: the stop fires when e_k > elbow * e_(k-1)
	 * @param kMax largest k to try (>= 1)
	 */
	public ElbowSearch(final KMeansConfig base, final double elbow, final int kMax) {
		if (base == null) throw new IllegalArgumentException("base config must not be null");
		if (!(elbow > 0 && elbow <= 1)) throw new IllegalArgumentException("elbow must be in (0, 1], got " + elbow);
		if (kMax < 1) throw new IllegalArgumentException("kMax must be >= 1, got " + kMax);
		this.base = base;
		this.elbow = elbow;
		this.kMax = kMax;
	}

	/** Largest k tried. */
	public int kMax() {
		return kMax;
	}

	/** The reference's search: faiss-like k-means, kMax 14. */
	public static ElbowSearch reference(final double elbow) {
		return new ElbowSearch(KMeansConfig.faissLike(1), elbow, REFERENCE_K_MAX);
	}

	/**
	 * @param training training subset (e.g. every 100th descriptor per image), row-major
	 * @param all every descriptor to assign
	 */
	public ElbowResult run(final float[] training, final DescriptorSource all) {
		return run(training, all, Progress.NONE);
	}

	/**
	 * As {@link #run(float[], DescriptorSource)}, checking {@code cancel} before every k and inside
	 * every k-means fit (see {@link KMeans#fit(float[], int, Progress)}); the assignment of
	 * {@code all} checks it only if {@code all} does (e.g. a source that checks at every read).
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public ElbowResult run(final float[] training, final DescriptorSource all, final Progress cancel) {
		final int dim = all.dim();
		if (training.length == 0 || training.length % dim != 0) throw new IllegalArgumentException(
			"Training data length " + training.length + " is not a positive multiple of the dimension " + dim);
		if (all.count() == 0) throw new IllegalArgumentException("No descriptors to assign");
		final int maxK = Math.min(kMax, training.length / dim);
		final double[] objectives = new double[maxK];
		KMeansResult model = null;
		Assignment assignment = null;
		for (int k = 1; k <= maxK; k++) {
			cancel.checkCancelled();
			model = new KMeans(base.withK(k)).fit(training, dim, cancel);
			assignment = KMeans.assign(all, model.centroids(), base.threads());
			objectives[k - 1] = assignment.meanSquaredDistance();
			if (k >= 2 && objectives[k - 1] > elbow * objectives[k - 2]) return new ElbowResult(model, assignment,
				Arrays.copyOf(objectives, k), true);
		}
		return new ElbowResult(model, assignment, objectives, false);
	}
}
