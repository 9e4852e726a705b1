package sc.fiji.dinovit.algorithms.cluster;

/**
 * Turns PCA projections of one image into 8-bit images like the reference's {@code pca.py}: each
 * chosen component is min-max normalised over the image, {@code (v - min) / (max - min) * 255} in
 * float arithmetic, then truncated to an integer. A constant component (max == min, where the
 * reference divides by zero) maps to 0.
 * <p>
 * Layout: {@code projected} is n * nComponents floats, row-major (as {@link PcaModel#transform}),
 * for the n patches of one image in patch-major order; outputs have n entries in the same order.
 * Upscaling to the image size is the caller's business (the reference uses nearest neighbour).
 */
public final class PcaRgb {

	private PcaRgb() {}

	/** One component as 0..255 grey values (stored in bytes, read them with {@code & 0xff}). */
	public static byte[] channel(final float[] projected, final int nComponents, final int component) {
		final int n = checkLayout(projected, nComponents, component);
		final byte[] out = new byte[n];
		final float[] range = range(projected, nComponents, component);
		for (int i = 0; i < n; i++)
			out[i] = (byte) scaled(projected[i * nComponents + component], range);
		return out;
	}

	/** Three components as packed 0xRRGGBB pixels. */
	public static int[] rgb(final float[] projected, final int nComponents, final int red, final int green,
		final int blue)
	{
		final int n = checkLayout(projected, nComponents, red);
		checkLayout(projected, nComponents, green);
		checkLayout(projected, nComponents, blue);
		final float[] rr = range(projected, nComponents, red);
		final float[] gr = range(projected, nComponents, green);
		final float[] br = range(projected, nComponents, blue);
		final int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			final int b = i * nComponents;
			out[i] = scaled(projected[b + red], rr) << 16 | scaled(projected[b + green], gr) << 8 | scaled(
				projected[b + blue], br);
		}
		return out;
	}

	/** The reference's default RGB image: the last three components (n-3, n-2, n-1) as R, G, B. */
	public static int[] lastThreeRgb(final float[] projected, final int nComponents) {
		if (nComponents < 3) throw new IllegalArgumentException("Need at least 3 components, got " + nComponents);
		return rgb(projected, nComponents, nComponents - 3, nComponents - 2, nComponents - 1);
	}

	private static int scaled(final float v, final float[] range) {
		final float span = range[1] - range[0];
		if (!(span > 0)) return 0;
		final int s = (int) ((v - range[0]) / span * 255f);
		return Math.max(0, Math.min(255, s));
	}

	private static float[] range(final float[] projected, final int nComponents, final int component) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (int i = component; i < projected.length; i += nComponents) {
			min = Math.min(min, projected[i]);
			max = Math.max(max, projected[i]);
		}
		return new float[] { min, max };
	}

	private static int checkLayout(final float[] projected, final int nComponents, final int component) {
		if (nComponents < 1) throw new IllegalArgumentException("nComponents must be >= 1, got " + nComponents);
		if (component < 0 || component >= nComponents) throw new IllegalArgumentException(
			"Component " + component + " outside 0.." + (nComponents - 1));
		if (projected.length % nComponents != 0) throw new IllegalArgumentException(
			"Projection length " + projected.length + " is not a multiple of " + nComponents);
		return projected.length / nComponents;
	}
}
