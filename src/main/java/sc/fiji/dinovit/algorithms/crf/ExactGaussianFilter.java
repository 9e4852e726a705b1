package sc.fiji.dinovit.algorithms.crf;

/**
 * The exact Gaussian filter {@code out_i = Σ_j exp(-|f_i - f_j|^2 / 2) · in_j} (self term
 * included, gain 1), by brute force: O(n² · (d + channels)) time per call, O(n · d) memory, single
 * thread. Meant as the test oracle for {@link PermutohedralLattice} and for tiny images (a few
 * thousand pixels); sums are accumulated in double precision.
 */
public final class ExactGaussianFilter implements GaussianFilter {

	private final float[] features;
	private final int pixels;
	private final int dimensions;

	/** A filter over these features; nothing is precomputed. */
	public ExactGaussianFilter(final PixelFeatures features) {
		this.features = features.values();
		this.pixels = features.pixels();
		this.dimensions = features.dimensions();
	}

	@Override
	public int pixels() {
		return pixels;
	}

	@Override
	public int dimensions() {
		return dimensions;
	}

	@Override
	public float[] filter(final float[] values, final int channels) {
		GaussianFilter.checkValues(values, channels, pixels);
		final int n = pixels, d = dimensions;
		final float[] out = new float[channels * n];
		final double[] weights = new double[n];
		final double[] sums = new double[channels];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				double dist2 = 0;
				for (int k = 0; k < d; k++) {
					final double diff = features[i * d + k] - features[j * d + k];
					dist2 += diff * diff;
				}
				weights[j] = Math.exp(-0.5 * dist2);
			}
			for (int c = 0; c < channels; c++) {
				double s = 0;
				final int o = c * n;
				for (int j = 0; j < n; j++)
					s += weights[j] * values[o + j];
				sums[c] = s;
			}
			for (int c = 0; c < channels; c++)
				out[c * n + i] = (float) sums[c];
		}
		return out;
	}
}
