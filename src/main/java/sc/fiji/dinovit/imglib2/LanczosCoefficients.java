package sc.fiji.dinovit.imglib2;

/**
 * The 1D resampling weights of an antialiased Lanczos-3 resize from {@code inSize} to
 * {@code outSize} samples, computed the way Pillow's resampler does (same formulas, same
 * operation order, in double), so that the 8-bit fixed-point weights come out identical.
 * <p>
 * For output pixel i: scale = in/out, filterscale = max(scale, 1), support = 3 * filterscale,
 * center = (i + 0.5) * scale, first = max((int) (center - support + 0.5), 0),
 * end = min((int) (center + support + 0.5), in); weight of input pixel first + t is
 * lanczos((first + t - center + 0.5) * (1 / filterscale)), normalised to sum 1.
 */
final class LanczosCoefficients {

	/** Half-width of the Lanczos window in (output-scaled) pixels. */
	static final double LOBES = 3.0;

	/** Fixed-point precision of Pillow's 8-bit path: 32 - 8 - 2 bits. */
	static final int PRECISION_BITS = 22;

	final int outSize;
	/** Row stride of {@link #weights}: the most taps any output pixel can use. */
	final int stride;
	/** First input index used by each output pixel. */
	final int[] first;
	/** Number of input pixels used by each output pixel. */
	final int[] count;
	/** {@code outSize * stride} normalised weights, zero beyond {@link #count}. */
	final double[] weights;

	private LanczosCoefficients(final int outSize, final int stride) {
		this.outSize = outSize;
		this.stride = stride;
		this.first = new int[outSize];
		this.count = new int[outSize];
		this.weights = new double[outSize * stride];
	}

	static LanczosCoefficients compute(final int inSize, final int outSize) {
		final double scale = (double) inSize / outSize;
		final double filterscale = Math.max(scale, 1.0);
		final double support = LOBES * filterscale;
		final double invFilterscale = 1.0 / filterscale;
		final LanczosCoefficients c =
			new LanczosCoefficients(outSize, (int) Math.ceil(support) * 2 + 1);
		for (int i = 0; i < outSize; i++) {
			final double center = (i + 0.5) * scale;
			final int lo = Math.max((int) (center - support + 0.5), 0);
			final int n = Math.min((int) (center + support + 0.5), inSize) - lo;
			final int off = i * c.stride;
			double sum = 0;
			for (int t = 0; t < n; t++) {
				final double w = lanczos(((t + lo) - center + 0.5) * invFilterscale);
				c.weights[off + t] = w;
				sum += w;
			}
			if (sum != 0) for (int t = 0; t < n; t++)
				c.weights[off + t] /= sum;
			c.first[i] = lo;
			c.count[i] = n;
		}
		return c;
	}

	/** The weights scaled to 2^22 and rounded half away from zero, as Pillow's 8-bit path. */
	int[] fixedPoint() {
		final int[] k = new int[weights.length];
		final double one = 1 << PRECISION_BITS;
		for (int i = 0; i < k.length; i++) {
			final double w = weights[i];
			k[i] = w < 0 ? (int) (-0.5 + w * one) : (int) (0.5 + w * one);
		}
		return k;
	}

	/** sinc(x) * sinc(x / 3) on [-3, 3), 0 elsewhere. */
	static double lanczos(final double x) {
		if (x >= -LOBES && x < LOBES) return sinc(x) * sinc(x / LOBES);
		return 0.0;
	}

	private static double sinc(final double x) {
		if (x == 0.0) return 1.0;
		final double px = x * Math.PI;
		return Math.sin(px) / px;
	}
}
