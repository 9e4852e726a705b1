package sc.fiji.dinovit.algorithms.coseg;

/**
 * Nearest-neighbour resampling with pixel-centre alignment, as Pillow's {@code NEAREST}: output
 * index i takes input index {@code floor((i + 0.5) * (in / out))}, clamped to the input. Image
 * edges map to image edges. Stateless.
 */
public final class NearestResize {

	private NearestResize() {}

	/** The input index output index {@code i} reads, for an axis of {@code in} to {@code out} samples. */
	public static int sourceIndex(final int i, final int in, final int out) {
		final int s = (int) Math.floor((i + 0.5) * ((double) in / out));
		return s < 0 ? 0 : s >= in ? in - 1 : s;
	}

	/** Source indices of every output index of an axis. */
	public static int[] sourceIndices(final int in, final int out) {
		if (in <= 0 || out <= 0) throw new IllegalArgumentException("Sizes must be positive, got " + in + " -> " + out);
		final int[] idx = new int[out];
		for (int i = 0; i < out; i++)
			idx[i] = sourceIndex(i, in, out);
		return idx;
	}

	/** Resamples a row-major width x height mask to newWidth x newHeight (a new array). */
	public static boolean[] resize(final boolean[] src, final int width, final int height, final int newWidth,
		final int newHeight)
	{
		checkLength(src.length, width, height);
		final int[] xs = sourceIndices(width, newWidth);
		final int[] ys = sourceIndices(height, newHeight);
		final boolean[] out = new boolean[newWidth * newHeight];
		for (int y = 0; y < newHeight; y++) {
			final int row = ys[y] * width;
			for (int x = 0; x < newWidth; x++)
				out[y * newWidth + x] = src[row + xs[x]];
		}
		return out;
	}

	/** Resamples a row-major width x height float map to newWidth x newHeight (a new array). */
	public static float[] resize(final float[] src, final int width, final int height, final int newWidth,
		final int newHeight)
	{
		checkLength(src.length, width, height);
		final int[] xs = sourceIndices(width, newWidth);
		final int[] ys = sourceIndices(height, newHeight);
		final float[] out = new float[newWidth * newHeight];
		for (int y = 0; y < newHeight; y++) {
			final int row = ys[y] * width;
			for (int x = 0; x < newWidth; x++)
				out[y * newWidth + x] = src[row + xs[x]];
		}
		return out;
	}

	private static void checkLength(final int length, final int width, final int height) {
		if (width <= 0 || height <= 0 || length != (long) width * height) throw new IllegalArgumentException(
			"Expected " + width + "x" + height + " values, got " + length);
	}
}
