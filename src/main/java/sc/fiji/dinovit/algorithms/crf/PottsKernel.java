package sc.fiji.dinovit.algorithms.crf;

/**
 * One pairwise term of a dense CRF: a Gaussian kernel over (already scaled) pixel features with a
 * Potts label compatibility of the given weight, as pydensecrf's {@code addPairwiseEnergy(features,
 * PottsCompatibility(weight))} with a diagonal kernel and symmetric normalisation. A positive weight
 * rewards neighbouring pixels (in feature space) for taking the same label.
 *
 * @param features the per-pixel features, each divided by its standard deviation
 * @param weight the Potts weight; finite
 */
public record PottsKernel(PixelFeatures features, double weight) {

	public PottsKernel {
		if (features == null) throw new IllegalArgumentException("Kernel features must not be null");
		if (!Double.isFinite(weight)) throw new IllegalArgumentException("Kernel weight must be finite, got " +
			weight);
	}
}
