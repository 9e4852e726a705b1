package sc.fiji.dinovit.imglib2;

import java.util.Arrays;

/**
 * Resizes images exactly like Pillow's {@code Image.resize(size, Image.LANCZOS)} (Lanczos-3,
 * antialiased: the kernel widens by the downscale factor). Separable: a horizontal pass, then a
 * vertical pass; a pass whose size does not change is skipped, and an unchanged size returns the
 * input unchanged.
 * <ul>
 * <li>8-bit ({@link ByteImage}, Pillow modes "L" and "RGB"): Pillow's fixed-point arithmetic.
 * Weights scaled to 2^22 and rounded, accumulator starting at 2^21, shifted right by 22 and
 * clipped to 0..255 after each pass, so the intermediate image is 8-bit too. Bit-exact with
 * Pillow (checked against Pillow 9.4 fixtures).</li>
 * <li>float ({@link FloatGrayImage}, Pillow mode "F"): double accumulation, rounded to float after
 * each pass, no clipping (Lanczos overshoot survives).</li>
 * </ul>
 * Sizes are in pixels. Stateless and thread-safe; inputs are never modified.
 */
public final class LanczosResizer {

	private LanczosResizer() {}

	/** Resizes an 8-bit image (1 or 3 channels) to {@code newWidth} x {@code newHeight}. */
	public static ByteImage resize(final ByteImage image, final int newWidth, final int newHeight) {
		checkTarget(newWidth, newHeight);
		if (newWidth == image.width() && newHeight == image.height()) return image;
		return new ByteImage(newWidth, newHeight, image.channels(), resize8(image.data(), image
			.width(), image.height(), image.channels(), newWidth, newHeight));
	}

	/** Resizes a float grey image to {@code newWidth} x {@code newHeight}. */
	public static FloatGrayImage resize(final FloatGrayImage image, final int newWidth,
		final int newHeight)
	{
		checkTarget(newWidth, newHeight);
		if (newWidth == image.width() && newHeight == image.height()) return image;
		return new FloatGrayImage(newWidth, newHeight, resizeFloat(image.data(), image.width(), image
			.height(), newWidth, newHeight));
	}

	/**
	 * Array form of the 8-bit resize: {@code src} is interleaved row-major with {@code channels}
	 * values per pixel; returns a new array of {@code newWidth * newHeight * channels} (or a copy
	 * of {@code src} if the size is unchanged).
	 */
	public static byte[] resize8(final byte[] src, final int width, final int height,
		final int channels, final int newWidth, final int newHeight)
	{
		checkTarget(newWidth, newHeight);
		if (src.length != ImageSizes.requireArrayLength(width, height, channels))
			throw new IllegalArgumentException("Expected " + (long) width * height * channels +
				" bytes for " + width + " x " + height + " x " + channels + ", got " + src.length);
		ImageSizes.requireArrayLength(newWidth, newHeight, channels);
		byte[] out = src;
		if (newWidth != width) out = horizontal8(out, width, height, channels, newWidth);
		if (newHeight != height) out = vertical8(out, newWidth, height, channels, newHeight);
		return out == src ? src.clone() : out;
	}

	/**
	 * Array form of the float resize: {@code src} is row-major, one value per pixel; returns a
	 * new array of {@code newWidth * newHeight} (or a copy of {@code src} if the size is
	 * unchanged).
	 */
	public static float[] resizeFloat(final float[] src, final int width, final int height,
		final int newWidth, final int newHeight)
	{
		checkTarget(newWidth, newHeight);
		if (src.length != ImageSizes.requireArrayLength(width, height, 1))
			throw new IllegalArgumentException("Expected " + (long) width * height + " floats for " +
				width + " x " + height + ", got " + src.length);
		ImageSizes.requireArrayLength(newWidth, newHeight, 1);
		float[] out = src;
		if (newWidth != width) out = horizontalFloat(out, width, height, newWidth);
		if (newHeight != height) out = verticalFloat(out, newWidth, height, newHeight);
		return out == src ? src.clone() : out;
	}

	private static byte[] horizontal8(final byte[] in, final int width, final int height,
		final int channels, final int newWidth)
	{
		final LanczosCoefficients c = LanczosCoefficients.compute(width, newWidth);
		final int[] k = c.fixedPoint();
		final byte[] out = new byte[newWidth * height * channels];
		final int half = 1 << (LanczosCoefficients.PRECISION_BITS - 1);
		for (int y = 0; y < height; y++) {
			final int rowIn = y * width * channels;
			int o = y * newWidth * channels;
			for (int x = 0; x < newWidth; x++) {
				final int koff = x * c.stride;
				final int n = c.count[x];
				final int base = rowIn + c.first[x] * channels;
				for (int ch = 0; ch < channels; ch++) {
					int acc = half;
					for (int t = 0, i = base + ch; t < n; t++, i += channels)
						acc += (in[i] & 0xff) * k[koff + t];
					out[o++] = clip8(acc);
				}
			}
		}
		return out;
	}

	private static byte[] vertical8(final byte[] in, final int width, final int height,
		final int channels, final int newHeight)
	{
		final LanczosCoefficients c = LanczosCoefficients.compute(height, newHeight);
		final int[] k = c.fixedPoint();
		final int rowLen = width * channels;
		final byte[] out = new byte[rowLen * newHeight];
		final int half = 1 << (LanczosCoefficients.PRECISION_BITS - 1);
		final int[] acc = new int[rowLen];
		for (int y = 0; y < newHeight; y++) {
			Arrays.fill(acc, half);
			final int koff = y * c.stride;
			final int first = c.first[y];
			for (int t = 0; t < c.count[y]; t++) {
				final int w = k[koff + t];
				final int rowIn = (first + t) * rowLen;
				for (int i = 0; i < rowLen; i++)
					acc[i] += (in[rowIn + i] & 0xff) * w;
			}
			final int o = y * rowLen;
			for (int i = 0; i < rowLen; i++)
				out[o + i] = clip8(acc[i]);
		}
		return out;
	}

	private static float[] horizontalFloat(final float[] in, final int width, final int height,
		final int newWidth)
	{
		final LanczosCoefficients c = LanczosCoefficients.compute(width, newWidth);
		final double[] k = c.weights;
		final float[] out = new float[newWidth * height];
		for (int y = 0; y < height; y++) {
			final int rowIn = y * width;
			final int rowOut = y * newWidth;
			for (int x = 0; x < newWidth; x++) {
				final int koff = x * c.stride;
				final int base = rowIn + c.first[x];
				double acc = 0;
				for (int t = 0; t < c.count[x]; t++)
					acc += in[base + t] * k[koff + t];
				out[rowOut + x] = (float) acc;
			}
		}
		return out;
	}

	private static float[] verticalFloat(final float[] in, final int width, final int height,
		final int newHeight)
	{
		final LanczosCoefficients c = LanczosCoefficients.compute(height, newHeight);
		final double[] k = c.weights;
		final float[] out = new float[width * newHeight];
		final double[] acc = new double[width];
		for (int y = 0; y < newHeight; y++) {
			Arrays.fill(acc, 0.0);
			final int koff = y * c.stride;
			final int first = c.first[y];
			for (int t = 0; t < c.count[y]; t++) {
				final double w = k[koff + t];
				final int rowIn = (first + t) * width;
				for (int x = 0; x < width; x++)
					acc[x] += in[rowIn + x] * w;
			}
			final int o = y * width;
			for (int x = 0; x < width; x++)
				out[o + x] = (float) acc[x];
		}
		return out;
	}

	/** Pillow's clip: arithmetic shift by the precision, then clamp to 0..255. */
	private static byte clip8(final int acc) {
		final int v = acc >> LanczosCoefficients.PRECISION_BITS;
		return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
	}

	private static void checkTarget(final int newWidth, final int newHeight) {
		if (newWidth <= 0 || newHeight <= 0) throw new IllegalArgumentException(
			"Target size must be positive, got " + newWidth + " x " + newHeight + " px");
	}
}
