package sc.fiji.dinovit.imglib2;

/**
 * The reference's {@code load_size} rule: which size an image is resized to before the ViT.
 * Immutable. Three kinds:
 * <ul>
 * <li>{@link #none()} (or {@code shorterSide(0)}): keep the image size;</li>
 * <li>{@link #shorterSide(int)}: the shorter side becomes {@code loadSize} and the longer side
 * {@code floor(loadSize * long / short)}, the quotient computed in double (as torchvision's
 * {@code Resize(int)}); if the shorter side already equals {@code loadSize} there is no resize,
 * even where the rule would change the longer side; a square image uses width as the shorter
 * side;</li>
 * <li>{@link #exact(int, int)}: exactly (height, width), the reference's tuple form (no resize if
 * the image already has that size).</li>
 * </ul>
 * All sizes are in pixels.
 */
public final class LoadSize {

	private static final LoadSize NONE = new LoadSize(0, 0, 0);

	private final int shorterSide;
	private final int exactHeight;
	private final int exactWidth;

	private LoadSize(final int shorterSide, final int exactHeight, final int exactWidth) {
		this.shorterSide = shorterSide;
		this.exactHeight = exactHeight;
		this.exactWidth = exactWidth;
	}

	/** No resize. */
	public static LoadSize none() {
		return NONE;
	}

	/** Resize so that the shorter side is {@code loadSize} pixels; 0 means no resize. */
	public static LoadSize shorterSide(final int loadSize) {
		if (loadSize < 0) throw new IllegalArgumentException("Load size must be >= 0 (0 = no " +
			"resize), got " + loadSize);
		return loadSize == 0 ? NONE : new LoadSize(loadSize, 0, 0);
	}

	/** Resize to exactly {@code height} x {@code width} pixels (note the (h, w) order). */
	public static LoadSize exact(final int height, final int width) {
		new ImageSize(width, height); // validates
		return new LoadSize(0, height, width);
	}

	/** The size an image of {@code width} x {@code height} pixels is resized to. */
	public ImageSize targetSize(final int width, final int height) {
		if (exactWidth > 0) return new ImageSize(exactWidth, exactHeight);
		if (shorterSide > 0) return shorterSideTarget(width, height, shorterSide);
		return new ImageSize(width, height);
	}

	/** Whether an image of this size gets resized. */
	public boolean resizes(final int width, final int height) {
		return !targetSize(width, height).equals(new ImageSize(width, height));
	}

	/**
	 * The shorter-side rule as a static helper: see the class description. {@code loadSize} 0
	 * returns the input size.
	 */
	public static ImageSize shorterSideTarget(final int width, final int height,
		final int loadSize)
	{
		final ImageSize in = new ImageSize(width, height);
		if (loadSize < 0) throw new IllegalArgumentException("Load size must be >= 0 (0 = no " +
			"resize), got " + loadSize);
		final boolean widthIsShort = width <= height;
		final int shortSide = widthIsShort ? width : height;
		final int longSide = widthIsShort ? height : width;
		if (loadSize == 0 || shortSide == loadSize) return in;
		// Exact integer product, one correctly rounded double division, then truncation.
		final double longScaled = (double) ((long) loadSize * longSide) / shortSide;
		if (longScaled >= Integer.MAX_VALUE) throw new IllegalArgumentException("Load size " +
			loadSize + " makes the long side of a " + in + " image too large");
		final int newLong = (int) longScaled;
		if (newLong <= 0) throw new IllegalArgumentException("Load size " + loadSize +
			" shrinks the long side of a " + in + " image to 0 px");
		return widthIsShort ? new ImageSize(loadSize, newLong) : new ImageSize(newLong, loadSize);
	}

	@Override
	public String toString() {
		if (exactWidth > 0) return "LoadSize[exact " + exactHeight + " (h) x " + exactWidth + " (w)]";
		if (shorterSide > 0) return "LoadSize[shorter side " + shorterSide + "]";
		return "LoadSize[none]";
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof LoadSize l && l.shorterSide == shorterSide &&
			l.exactHeight == exactHeight && l.exactWidth == exactWidth;
	}

	@Override
	public int hashCode() {
		return (shorterSide * 31 + exactHeight) * 31 + exactWidth;
	}
}
