package sc.fiji.dinovit.imglib2;

/**
 * Turns a {@link SourceImage} into the ViT input, as the reference does: optional load-size
 * resize with Pillow's Lanczos, then values in [0,1], then per-channel normalisation, as a float
 * CHW array.
 * <ul>
 * <li>{@link ByteImage} (RGB or 8-bit grey): 8-bit Lanczos resize (bit-exact with Pillow), then
 * v / 255 in float; grey is replicated to R, G, B (as Pillow's {@code convert("RGB")}).</li>
 * <li>{@link FloatGrayImage} (grey already scaled to [0,1]): float Lanczos resize (no rounding,
 * no clipping), then replicated to R, G, B.</li>
 * </ul>
 * The arithmetic after the resize is float32 as in torchvision on the CPU:
 * {@code ((v / 255f) - mean) / std}. Immutable and thread-safe.
 */
public final class ImagePreprocessor {

	private final LoadSize loadSize;
	private final Normalization normalization;

	public ImagePreprocessor(final LoadSize loadSize, final Normalization normalization) {
		if (loadSize == null || normalization == null) throw new NullPointerException(
			"loadSize and normalization are required (use LoadSize.none() for no resize)");
		this.loadSize = loadSize;
		this.normalization = normalization;
	}

	/** The reference default for DINO models: shorter side = {@code loadSize}, ImageNet stats. */
	public static ImagePreprocessor imagenet(final int loadSize) {
		return new ImagePreprocessor(LoadSize.shorterSide(loadSize), Normalization.IMAGENET);
	}

	public LoadSize loadSize() { return loadSize; }

	public Normalization normalization() { return normalization; }

	/** Resizes (if the load size says so) without normalising: the image the grid lives on. */
	public SourceImage resize(final SourceImage image) {
		final ImageSize target = loadSize.targetSize(image.width(), image.height());
		requireModestEnlargement(image.width(), image.height(), target);
		if (image instanceof ByteImage b) return LanczosResizer.resize(b, target.width(), target
			.height());
		return LanczosResizer.resize((FloatGrayImage) image, target.width(), target.height());
	}

	/** Largest enlargement of a side that {@link #resize} accepts. */
	public static final int MAX_ENLARGEMENT = 16;

	/**
	 * Refuses a resize that would enlarge a side more than {@link #MAX_ENLARGEMENT} times (a 1-pixel
	 * wide line would become a 224-pixel wide band of invented pixels and tens of thousands of
	 * tokens).
	 *
	 * @throws IllegalArgumentException naming the sizes and the fix
	 */
	public static void requireModestEnlargement(final int width, final int height, final ImageSize target) {
		final double f = Math.max(target.width() / (double) width, target.height() / (double) height);
		if (f > MAX_ENLARGEMENT) throw new IllegalArgumentException("Image of " + width + " x " + height +
			" px would be enlarged " + Math.round(f) + " times to " + target + " by the load size (at most " +
			MAX_ENLARGEMENT + " times is allowed): use a larger image (crop a thin image less tightly), or " +
			"load_size=0 (no resize) for an image of at least one patch on each side");
	}

	/** Resizes and normalises {@code image}; the input is not modified. */
	public NormalizedImage apply(final SourceImage image) {
		final SourceImage resized = resize(image);
		final int w = resized.width();
		final int h = resized.height();
		final int plane = w * h;
		final float[] chw = new float[3 * plane];
		if (resized instanceof ByteImage b) {
			final byte[] data = b.data();
			final int channels = b.channels();
			for (int c = 0; c < 3; c++) {
				final int src = channels == 3 ? c : 0;
				final int off = c * plane;
				for (int i = 0; i < plane; i++)
					chw[off + i] = normalization.apply((data[i * channels + src] & 0xff) / 255f, c);
			}
		}
		else {
			final float[] data = ((FloatGrayImage) resized).data();
			for (int c = 0; c < 3; c++) {
				final int off = c * plane;
				for (int i = 0; i < plane; i++)
					chw[off + i] = normalization.apply(data[i], c);
			}
		}
		return new NormalizedImage(chw, w, h, image.width(), image.height());
	}

	@Override
	public String toString() {
		return "ImagePreprocessor[" + loadSize + ", " + normalization + "]";
	}
}
