package sc.fiji.dinovit.imglib2;

/**
 * A 2D image copied out of an ImgLib2 input, ready for preprocessing. Two kinds exist:
 * {@link ByteImage} (8-bit, 1 or 3 channels, resized with Pillow's exact 8-bit arithmetic) and
 * {@link FloatGrayImage} (one float channel in [0,1], resized in floating point).
 * <p>
 * Sizes are in pixels. Instances are immutable by contract (see each class for array ownership)
 * and safe to share between threads.
 */
public sealed interface SourceImage permits ByteImage, FloatGrayImage {

	/** Width in pixels. */
	int width();

	/** Height in pixels. */
	int height();

	/**
	 * Whether at least one {@code patchSize} x {@code patchSize} patch fits, i.e. the ViT grid has
	 * at least one row and one column. Images that fail this cannot be embedded; resize or reject
	 * them before calling the model.
	 */
	default boolean fitsPatch(final int patchSize) {
		return patchFits(width(), height(), patchSize);
	}

	/** Same as {@link #fitsPatch(int)} for a bare size in pixels. */
	static boolean patchFits(final int width, final int height, final int patchSize) {
		if (patchSize <= 0) throw new IllegalArgumentException("Patch size must be positive, got " +
			patchSize);
		return width >= patchSize && height >= patchSize;
	}

	/**
	 * Throws an {@link IllegalArgumentException} naming the sizes if not even one patch fits.
	 */
	static void requirePatchFits(final int width, final int height, final int patchSize) {
		if (!patchFits(width, height, patchSize)) throw new IllegalArgumentException("Image of " +
			width + " x " + height + " px is smaller than one " + patchSize + " x " + patchSize +
			" px patch; use a larger image or a larger load size");
	}
}
