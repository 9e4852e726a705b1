package sc.fiji.dinovit.imglib2;

/**
 * The ViT input for one image: a float CHW array of 3 x height x width values, row-major within
 * each channel plane (index {@code (c * height + y) * width + x}), channel order R, G, B,
 * normalised. {@link #width()} / {@link #height()} are the size after the load-size resize (the
 * pixel space the patch grid lives in); {@link #originalWidth()} / {@link #originalHeight()} are
 * the input's size, so that results can be mapped back (patch-grid arithmetic itself belongs to
 * the patch grid class, not here).
 * <p>
 * Ownership: {@link #chw()} returns the internal array without copying; nobody may modify it.
 */
public final class NormalizedImage {

	private final float[] chw;
	private final int width;
	private final int height;
	private final int originalWidth;
	private final int originalHeight;

	public NormalizedImage(final float[] chw, final int width, final int height,
		final int originalWidth, final int originalHeight)
	{
		final int n = ImageSizes.requireArrayLength(width, height, 3);
		ImageSizes.requireArrayLength(originalWidth, originalHeight, 1);
		if (chw.length != n) throw new IllegalArgumentException("Expected 3 x " + height + " x " +
			width + " = " + n + " floats, got " + chw.length);
		this.chw = chw;
		this.width = width;
		this.height = height;
		this.originalWidth = originalWidth;
		this.originalHeight = originalHeight;
	}

	/** The CHW array itself (not a copy): read only. */
	public float[] chw() { return chw; }

	/** Width in pixels after resizing. */
	public int width() { return width; }

	/** Height in pixels after resizing. */
	public int height() { return height; }

	/** Width in pixels of the input before resizing. */
	public int originalWidth() { return originalWidth; }

	/** Height in pixels of the input before resizing. */
	public int originalHeight() { return originalHeight; }

	/** Original pixels per resized pixel along x: originalWidth / width. */
	public double scaleX() { return (double) originalWidth / width; }

	/** Original pixels per resized pixel along y: originalHeight / height. */
	public double scaleY() { return (double) originalHeight / height; }

	/** Value of channel {@code c} at resized pixel {@code (x, y)}. */
	public float get(final int c, final int x, final int y) {
		return chw[(c * height + y) * width + x];
	}

	@Override
	public String toString() {
		return "NormalizedImage[3 x " + height + " x " + width + ", from " + originalWidth + " x " +
			originalHeight + " px]";
	}
}
