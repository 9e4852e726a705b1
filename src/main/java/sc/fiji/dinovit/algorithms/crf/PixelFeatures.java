package sc.fiji.dinovit.algorithms.crf;

/**
 * Per-pixel feature vectors for a Gaussian pairwise kernel, already divided by their standard
 * deviations, so that the kernel between pixels i and j is {@code exp(-|f_i - f_j|^2 / 2)}.
 * Immutable value.
 * <p>
 * Layout: pixel-major, {@code f[i * dimensions() + k]} is feature k of pixel i. Pixels of an image
 * are in row-major order, {@code i = y * width + x}, with x the column and y the row (0-based,
 * in pixels). The spatial factories put the features in pydensecrf's order (x first, then y).
 */
public final class PixelFeatures {

	private final float[] values;
	private final int pixels;
	private final int dimensions;

	private PixelFeatures(final float[] values, final int pixels, final int dimensions) {
		this.values = values;
		this.pixels = pixels;
		this.dimensions = dimensions;
	}

	/**
	 * Wraps a copy of pixel-major feature values.
	 *
	 * @throws IllegalArgumentException if the array length is not pixels * dimensions or a value is
	 *           not finite
	 */
	public static PixelFeatures of(final float[] values, final int pixels, final int dimensions) {
		if (pixels <= 0) throw new IllegalArgumentException("The number of pixels must be positive, got " + pixels);
		if (dimensions <= 0) throw new IllegalArgumentException("The feature dimension must be positive, got " +
			dimensions);
		if (values.length != (long) pixels * dimensions) throw new IllegalArgumentException("Expected " + pixels +
			" x " + dimensions + " = " + (long) pixels * dimensions + " feature values, got " + values.length);
		for (int i = 0; i < values.length; i++)
			if (!Float.isFinite(values[i])) throw new IllegalArgumentException("Feature " + i % dimensions +
				" of pixel " + i / dimensions + " is not finite: " + values[i]);
		return new PixelFeatures(values.clone(), pixels, dimensions);
	}

	/**
	 * Position-only features (x / sxy, y / sxy), as pydensecrf's {@code addPairwiseGaussian}.
	 *
	 * @param sxy the spatial standard deviation, in pixels
	 */
	public static PixelFeatures spatial(final int width, final int height, final double sxy) {
		checkSize(width, height);
		checkSigma("sxy", sxy);
		final float[] f = new float[width * height * 2];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				f[2 * i] = (float) (x / sxy);
				f[2 * i + 1] = (float) (y / sxy);
			}
		return new PixelFeatures(f, width * height, 2);
	}

	/**
	 * Position and colour features (x / sxy, y / sxy, R / srgb, G / srgb, B / srgb), as pydensecrf's
	 * {@code addPairwiseBilateral} on a uint8 RGB image.
	 *
	 * @param rgb packed 8-bit RGB pixels {@code 0xRRGGBB} in row-major order (ImageJ's
	 *          ColorProcessor convention); the top byte (alpha) is ignored
	 * @param sxy the spatial standard deviation, in pixels
	 * @param srgb the colour standard deviation, in 8-bit intensity levels
	 */
	public static PixelFeatures bilateral(final int width, final int height, final int[] rgb, final double sxy,
		final double srgb)
	{
		checkSize(width, height);
		checkSigma("sxy", sxy);
		checkSigma("srgb", srgb);
		if (rgb.length != width * height) throw new IllegalArgumentException("Expected " + width + " x " + height +
			" = " + width * height + " RGB pixels, got " + rgb.length);
		final float[] f = new float[width * height * 5];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				final int c = rgb[i];
				final int o = 5 * i;
				f[o] = (float) (x / sxy);
				f[o + 1] = (float) (y / sxy);
				f[o + 2] = (float) (((c >> 16) & 0xff) / srgb);
				f[o + 3] = (float) (((c >> 8) & 0xff) / srgb);
				f[o + 4] = (float) ((c & 0xff) / srgb);
			}
		return new PixelFeatures(f, width * height, 5);
	}

	/** The number of pixels. */
	public int pixels() {
		return pixels;
	}

	/** The number of features per pixel. */
	public int dimensions() {
		return dimensions;
	}

	/** Feature k of pixel i. */
	public float get(final int pixel, final int k) {
		return values[pixel * dimensions + k];
	}

	/** A copy of the pixel-major values. */
	public float[] toArray() {
		return values.clone();
	}

	/** The backing array, for the filters of this package; never modified. */
	float[] values() {
		return values;
	}

	private static void checkSize(final int width, final int height) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("Image size must be positive, got " +
			width + "x" + height);
		if ((long) width * height * 5 > Integer.MAX_VALUE) throw new IllegalArgumentException("Image " + width +
			"x" + height + " is too large for flat feature arrays");
	}

	private static void checkSigma(final String name, final double sigma) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException(name +
			" must be a positive finite standard deviation, got " + sigma);
	}
}
