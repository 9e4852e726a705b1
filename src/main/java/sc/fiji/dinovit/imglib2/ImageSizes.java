package sc.fiji.dinovit.imglib2;

/** Argument checks on pixel sizes shared by the image value types. */
final class ImageSizes {

	private ImageSizes() {}

	/** Returns width * height * channels, or throws if a size is not positive or it overflows. */
	static int requireArrayLength(final long width, final long height, final int channels) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException(
			"Image size must be positive, got " + width + " x " + height + " px");
		final long n = width * height * channels;
		if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Image of " + width + " x " + height + " px x " +
				channels + " channels is too large for one Java array; crop or downscale it first");
		return (int) n;
	}
}
