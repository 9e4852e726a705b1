package sc.fiji.dinovit.algorithms.crf;

/**
 * Parameters of the reference's dense CRF (part co-segmentation, reference-behaviour §4.4 step 4):
 * a position-only Gaussian kernel and a position+colour bilateral kernel, both Potts, and a number
 * of mean-field iterations. Immutable value; {@link #REFERENCE} holds the reference's values.
 *
 * @param gaussianSxy spatial standard deviation of the Gaussian kernel, in pixels (reference: 3)
 * @param gaussianWeight Potts weight of the Gaussian kernel (reference: 50)
 * @param bilateralSxy spatial standard deviation of the bilateral kernel, in pixels (reference: 5)
 * @param bilateralSrgb colour standard deviation of the bilateral kernel, in 8-bit levels
 *          (reference: 13)
 * @param bilateralWeight Potts weight of the bilateral kernel (reference: 15)
 * @param iterations mean-field iterations (reference: 10)
 */
public record DenseCrfSettings(double gaussianSxy, double gaussianWeight, double bilateralSxy,
	double bilateralSrgb, double bilateralWeight, int iterations)
{

	/** The reference's settings: Gaussian (3, weight 50), bilateral (5, 13, weight 15), 10 iterations. */
	public static final DenseCrfSettings REFERENCE = new DenseCrfSettings(3, 50, 5, 13, 15, 10);

	/** @throws IllegalArgumentException if a value is out of range (messages name the parameter) */
	public DenseCrfSettings {
		positive("gaussianSxy", gaussianSxy);
		positive("bilateralSxy", bilateralSxy);
		positive("bilateralSrgb", bilateralSrgb);
		nonNegative("gaussianWeight", gaussianWeight);
		nonNegative("bilateralWeight", bilateralWeight);
		if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
	}

	/** The reference's settings, {@link #REFERENCE}. */
	public static DenseCrfSettings defaults() {
		return REFERENCE;
	}

	/** A copy with another Gaussian kernel (sxy in pixels). */
	public DenseCrfSettings withGaussian(final double sxy, final double weight) {
		return new DenseCrfSettings(sxy, weight, bilateralSxy, bilateralSrgb, bilateralWeight, iterations);
	}

	/** A copy with another bilateral kernel (sxy in pixels, srgb in 8-bit levels). */
	public DenseCrfSettings withBilateral(final double sxy, final double srgb, final double weight) {
		return new DenseCrfSettings(gaussianSxy, gaussianWeight, sxy, srgb, weight, iterations);
	}

	/** A copy with another number of mean-field iterations. */
	public DenseCrfSettings withIterations(final int n) {
		return new DenseCrfSettings(gaussianSxy, gaussianWeight, bilateralSxy, bilateralSrgb, bilateralWeight, n);
	}

	private static void positive(final String name, final double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name +
			" must be positive and finite, got " + v);
	}

	private static void nonNegative(final String name, final double v) {
		if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name +
			" must be >= 0 and finite, got " + v);
	}
}
