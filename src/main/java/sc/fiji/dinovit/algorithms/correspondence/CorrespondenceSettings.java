package sc.fiji.dinovit.algorithms.correspondence;

import sc.fiji.dinovit.vit.Facet;

/**
 * The parameters of the correspondence search itself. Immutable; {@link #defaults()} gives the
 * reference's values. The descriptors are extracted beforehand; the reference extracts them with
 * {@link #REFERENCE_LAYER}, {@link #REFERENCE_FACET}, binned, stride {@link #REFERENCE_STRIDE},
 * load size {@link #REFERENCE_LOAD_SIZE}, and saliency from the same extractor.
 *
 * @param saliencyThreshold a patch is salient if its saliency is strictly greater (reference 0.05)
 * @param numPairs the number of clusters, hence at most this many output pairs (reference 10)
 * @param seed seed of the clustering (reference: scikit-learn random_state 0)
 * @param rule the saliency filter rule (default {@link SaliencyRule#REFERENCE})
 * @param restarts k-means restarts, best kept by inertia (reference: scikit-learn n_init 10)
 */
public record CorrespondenceSettings(float saliencyThreshold, int numPairs, long seed, SaliencyRule rule,
	int restarts)
{

	public static final int REFERENCE_LAYER = 9;
	public static final Facet REFERENCE_FACET = Facet.KEY;
	public static final boolean REFERENCE_BINNED = true;
	public static final int REFERENCE_STRIDE = 4;
	public static final int REFERENCE_LOAD_SIZE = 224;

	/** @throws IllegalArgumentException for a non-finite threshold, numPairs or restarts &lt; 1, or no rule */
	public CorrespondenceSettings {
		if (!Float.isFinite(saliencyThreshold)) throw new IllegalArgumentException(
			"Saliency threshold must be finite, got " + saliencyThreshold);
		if (numPairs < 1) throw new IllegalArgumentException("Number of pairs must be at least 1, got " + numPairs);
		if (rule == null) throw new IllegalArgumentException("Saliency rule must not be null");
		if (restarts < 1) throw new IllegalArgumentException("k-means restarts must be at least 1, got " + restarts);
	}

	/** Threshold 0.05, 10 pairs, seed 0, reference saliency rule, 10 restarts. */
	public static CorrespondenceSettings defaults() {
		return new CorrespondenceSettings(0.05f, 10, 0L, SaliencyRule.REFERENCE, 10);
	}

	public CorrespondenceSettings withSaliencyThreshold(final float t) {
		return new CorrespondenceSettings(t, numPairs, seed, rule, restarts);
	}

	public CorrespondenceSettings withNumPairs(final int n) {
		return new CorrespondenceSettings(saliencyThreshold, n, seed, rule, restarts);
	}

	public CorrespondenceSettings withSeed(final long s) {
		return new CorrespondenceSettings(saliencyThreshold, numPairs, s, rule, restarts);
	}

	public CorrespondenceSettings withRule(final SaliencyRule r) {
		return new CorrespondenceSettings(saliencyThreshold, numPairs, seed, r, restarts);
	}

	public CorrespondenceSettings withRestarts(final int r) {
		return new CorrespondenceSettings(saliencyThreshold, numPairs, seed, rule, r);
	}
}
