package sc.fiji.dinovit.features;

import java.util.Arrays;

/**
 * The reference's log-binning descriptor: each patch descriptor is replaced by 1 + 8 * hierarchy
 * blocks of C channels taken from its neighbourhood at growing scales (17 blocks, 17 C channels
 * for the default hierarchy 2).
 * <p>
 * Layout. Input: {@code rows * cols * C} floats, row-major over the patch grid, channel fastest
 * ({@code in[(y * cols + x) * C + c]}); units are patch tokens, not pixels. Output:
 * {@code rows * cols * (1 + 8 h) * C} floats in the same grid order, each position holding its
 * blocks one after the other.
 * <p>
 * Blocks of position (y, x), in order: for level k = 0 .. h - 1 with s = 3^k, the map pooled with
 * an s x s box average (stride 1, zero padding s / 2, padded cells excluded from the count, so
 * border cells average only their valid neighbours) sampled at (y + dy, x + dx) for dy in {-s, 0,
 * s} (outer) and dx in {-s, 0, s} (inner), the centre skipped for k &gt; 0. Level 0 is the raw map.
 * Sample positions outside the grid are clamped to the nearest row and column (replicate).
 * <p>
 * Arithmetic: the box sums add the cells row by row, left to right, in float, then divide by the
 * count of valid cells, the order PyTorch's {@code avg_pool2d} uses, so results equal the
 * reference bit for bit on the CPU. The pooled maps are computed once per call (cost 9^k adds
 * per value at level k), then every block is one {@code System.arraycopy}.
 * <p>
 * Threads: {@code threads > 1} splits the grid rows over that many short-lived threads; the
 * arrays must not be touched by anyone else during the call. The input is never modified.
 */
public final class LogBinning {

	/** The hierarchy every caller of the reference uses. */
	public static final int DEFAULT_HIERARCHY = 2;

	/** The largest hierarchy accepted (window 3^7 = 2187 patches at the top level). */
	public static final int MAX_HIERARCHY = 8;

	private LogBinning() {}

	/** Number of C-blocks per position: 1 + 8 * hierarchy (17 for hierarchy 2). */
	public static int blocks(final int hierarchy) {
		checkHierarchy(hierarchy);
		return 1 + 8 * hierarchy;
	}

	/** Binned dimension: channels * (1 + 8 * hierarchy), e.g. 384 → 6528 for hierarchy 2. */
	public static int binnedChannels(final int channels, final int hierarchy) {
		return Math.multiplyExact(channels, blocks(hierarchy));
	}

	/** Hierarchy 2, single thread; returns a new array. */
	public static float[] bin(final float[] descriptors, final int rows, final int cols,
		final int channels)
	{
		return bin(descriptors, rows, cols, channels, DEFAULT_HIERARCHY, 1);
	}

	/** Returns a new array of {@code rows * cols * binnedChannels(channels, hierarchy)} floats. */
	public static float[] bin(final float[] descriptors, final int rows, final int cols,
		final int channels, final int hierarchy, final int threads)
	{
		final long n = outputLength(rows, cols, channels, hierarchy);
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Binned descriptors of " +
			rows + " x " + cols + " x " + binnedChannels(channels, hierarchy) +
			" do not fit one Java array; bin fewer patches at a time with binInto");
		final float[] out = new float[(int) n];
		binInto(descriptors, rows, cols, channels, hierarchy, threads, out, 0);
		return out;
	}

	/**
	 * Writes the binned descriptors into {@code out} starting at {@code outOffset}
	 * ({@code rows * cols * binnedChannels(channels, hierarchy)} floats), e.g. to pack several
	 * images into one caller-owned array. Nothing else in {@code out} is touched.
	 */
	public static void binInto(final float[] descriptors, final int rows, final int cols,
		final int channels, final int hierarchy, final int threads, final float[] out,
		final int outOffset)
	{
		final long n = outputLength(rows, cols, channels, hierarchy);
		if ((long) rows * cols * channels != descriptors.length) throw new IllegalArgumentException(
			"Expected rows * cols * channels = " + rows + " * " + cols + " * " + channels + " = " +
				(long) rows * cols * channels + " descriptor values, got " + descriptors.length);
		if (outOffset < 0 || outOffset + n > out.length) throw new IllegalArgumentException(
			"Output array of " + out.length + " floats cannot hold " + n + " values at offset " +
				outOffset + "; allocate at least offset + rows * cols * binnedChannels");
		final float[][] pooled = new float[hierarchy][];
		pooled[0] = descriptors;
		for (int k = 1; k < hierarchy; k++)
			pooled[k] = boxAverage(descriptors, rows, cols, channels, pow3(k), threads);
		RowParallel.run(rows, threads, (from, to) -> gather(pooled, rows, cols, channels, out,
			outOffset, from, to));
	}

	private static void gather(final float[][] pooled, final int rows, final int cols,
		final int channels, final float[] out, final int outOffset, final int fromRow,
		final int toRow)
	{
		final int perPosition = pooled.length * 8 + 1;
		for (int y = fromRow; y < toRow; y++) {
			int o = outOffset + y * cols * perPosition * channels;
			for (int x = 0; x < cols; x++) {
				for (int k = 0; k < pooled.length; k++) {
					final float[] src = pooled[k];
					final int s = pow3(k);
					for (int dy = -s; dy <= s; dy += s) {
						final int yy = clamp(y + dy, rows);
						for (int dx = -s; dx <= s; dx += s) {
							if (k > 0 && dy == 0 && dx == 0) continue;
							final int xx = clamp(x + dx, cols);
							System.arraycopy(src, (yy * cols + xx) * channels, out, o, channels);
							o += channels;
						}
					}
				}
			}
		}
	}

	/**
	 * The window x window box average with count_include_pad = false (window odd), summed in
	 * PyTorch's order: rows of the window outer, columns inner, float accumulator.
	 */
	static float[] boxAverage(final float[] in, final int rows, final int cols, final int channels,
		final int window, final int threads)
	{
		final float[] out = new float[in.length];
		final int r = window / 2;
		RowParallel.run(rows, threads, (from, to) -> {
			final float[] acc = new float[channels];
			for (int y = from; y < to; y++) {
				final int y0 = Math.max(y - r, 0);
				final int y1 = Math.min(y + r, rows - 1);
				for (int x = 0; x < cols; x++) {
					final int x0 = Math.max(x - r, 0);
					final int x1 = Math.min(x + r, cols - 1);
					Arrays.fill(acc, 0f);
					for (int yy = y0; yy <= y1; yy++)
						for (int xx = x0; xx <= x1; xx++) {
							final int base = (yy * cols + xx) * channels;
							for (int c = 0; c < channels; c++)
								acc[c] += in[base + c];
						}
					final float count = (y1 - y0 + 1) * (x1 - x0 + 1);
					final int o = (y * cols + x) * channels;
					for (int c = 0; c < channels; c++)
						out[o + c] = acc[c] / count;
				}
			}
		});
		return out;
	}

	private static long outputLength(final int rows, final int cols, final int channels,
		final int hierarchy)
	{
		if (rows <= 0 || cols <= 0 || channels <= 0) throw new IllegalArgumentException(
			"Grid and channels must be positive, got " + rows + " rows x " + cols + " cols x " +
				channels + " channels");
		return (long) rows * cols * binnedChannels(channels, hierarchy);
	}

	private static void checkHierarchy(final int hierarchy) {
		if (hierarchy < 1 || hierarchy > MAX_HIERARCHY) throw new IllegalArgumentException(
			"Hierarchy must be in 1.." + MAX_HIERARCHY + " (the reference uses " + DEFAULT_HIERARCHY +
				"), got " + hierarchy);
	}

	private static int clamp(final int i, final int size) {
		return i < 0 ? 0 : i >= size ? size - 1 : i;
	}

	private static int pow3(final int k) {
		int p = 1;
		for (int i = 0; i < k; i++)
			p *= 3;
		return p;
	}
}
