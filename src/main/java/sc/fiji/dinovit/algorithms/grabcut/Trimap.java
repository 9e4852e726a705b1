package sc.fiji.dinovit.algorithms.grabcut;

/**
 * The reference's GrabCut trimap (reference-behaviour.md section 3.2 step 9): a label map that
 * is {@code FGD} where the coarse mask survives one erosion with a
 * {@value #ELEMENT_SIZE}x{@value #ELEMENT_SIZE} all-ones element, {@code BGD} where the inverted
 * mask survives it, and {@code PR_FGD} in the band of about 3 pixels on either side of the mask
 * edge.
 * <p>
 * The erosion matches OpenCV's {@code cv2.erode} default border (constant, maximum value): pixels
 * outside the image count as set, so nothing is eroded away from the image edge.
 */
public final class Trimap {

	/** Side of the square structuring element. */
	public static final int ELEMENT_SIZE = 7;

	private Trimap() {}

	/**
	 * @param coarseMask foreground pixels, row-major, width x height; not modified
	 * @return a new label map of {@link GrabCutLabels} values
	 */
	public static byte[] fromCoarseMask(final boolean[] coarseMask, final int width, final int height) {
		checkSize(coarseMask, width, height);
		final boolean[] inverse = new boolean[coarseMask.length];
		for (int i = 0; i < inverse.length; i++)
			inverse[i] = !coarseMask[i];
		final boolean[] sureForeground = erode(coarseMask, width, height, ELEMENT_SIZE / 2);
		final boolean[] sureBackground = erode(inverse, width, height, ELEMENT_SIZE / 2);
		final byte[] labels = new byte[coarseMask.length];
		for (int i = 0; i < labels.length; i++)
			labels[i] = sureForeground[i] ? GrabCutLabels.FGD : sureBackground[i] ? GrabCutLabels.BGD
				: GrabCutLabels.PR_FGD;
		return labels;
	}

	/**
	 * Binary erosion with a (2 radius + 1)&sup2; square, treating pixels outside the image as set:
	 * a pixel stays set iff every in-image pixel of the square around it is set.
	 */
	public static boolean[] erode(final boolean[] mask, final int width, final int height, final int radius) {
		checkSize(mask, width, height);
		if (radius < 0) throw new IllegalArgumentException("Negative erosion radius: " + radius);
		final boolean[] rows = new boolean[mask.length];
		final int[] unset = new int[Math.max(width, height) + 1]; // prefix counts of unset pixels
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++)
				unset[x + 1] = unset[x] + (mask[y * width + x] ? 0 : 1);
			for (int x = 0; x < width; x++)
				rows[y * width + x] = unset[Math.min(width, x + radius + 1)] == unset[Math.max(0, x - radius)];
		}
		final boolean[] eroded = new boolean[mask.length];
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++)
				unset[y + 1] = unset[y] + (rows[y * width + x] ? 0 : 1);
			for (int y = 0; y < height; y++)
				eroded[y * width + x] = unset[Math.min(height, y + radius + 1)] == unset[Math.max(0, y - radius)];
		}
		return eroded;
	}

	private static void checkSize(final boolean[] mask, final int width, final int height) {
		if (width <= 0 || height <= 0 || mask.length != (long) width * height) throw new IllegalArgumentException(
			"Mask has " + mask.length + " pixels, not " + width + " x " + height);
	}
}
