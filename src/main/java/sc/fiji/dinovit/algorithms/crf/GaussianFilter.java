package sc.fiji.dinovit.algorithms.crf;

/**
 * A Gaussian filter over a fixed set of pixel features: for each channel c and pixel i it computes
 * {@code out[c * n + i] ≈ g · Σ_j exp(-|f_i - f_j|^2 / 2) · in[c * n + j]}, the sum running over all
 * pixels j including i itself, where g > 0 is a gain that depends on the implementation (1 for
 * {@link ExactGaussianFilter}; see {@link PermutohedralLattice}). A global gain cancels out in
 * the dense CRF's symmetric normalisation.
 * <p>
 * Values are channel-major: channel c of pixel i is at {@code c * pixels() + i}.
 * <p>
 * Implementations are immutable after construction and safe to use from several threads at once.
 */
public interface GaussianFilter {

	/** The number of pixels n this filter was built for. */
	int pixels();

	/** The number of features per pixel. */
	int dimensions();

	/**
	 * Filters {@code channels} value planes.
	 *
	 * @param values channel-major, length channels * pixels(); not modified
	 * @return a new channel-major array of the same length
	 * @throws IllegalArgumentException if the length does not match
	 */
	float[] filter(float[] values, int channels);

	/** Builds a filter for a feature set, e.g. {@code PermutohedralLattice::build}. */
	@FunctionalInterface
	interface Factory {

		/** The fast approximate filter (the one pydensecrf uses). */
		Factory PERMUTOHEDRAL = PermutohedralLattice::build;

		/** The exact O(n²) filter: a test oracle, usable for tiny images only. */
		Factory EXACT = ExactGaussianFilter::new;

		GaussianFilter create(PixelFeatures features);
	}

	/** Checks the length of a channel-major value array. */
	static void checkValues(final float[] values, final int channels, final int pixels) {
		if (channels <= 0) throw new IllegalArgumentException("The number of channels must be positive, got " +
			channels);
		if (values.length != (long) channels * pixels) throw new IllegalArgumentException("Expected " + channels +
			" x " + pixels + " = " + (long) channels * pixels + " values, got " + values.length);
	}
}
