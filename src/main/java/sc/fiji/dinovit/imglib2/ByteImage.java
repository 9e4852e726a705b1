package sc.fiji.dinovit.imglib2;

/**
 * An 8-bit image with 1 (Pillow mode "L") or 3 (mode "RGB") channels, stored interleaved and
 * row-major: the value of channel {@code c} at pixel {@code (x, y)} is
 * {@code data[(y * width + x) * channels + c] & 0xff}.
 * <p>
 * Ownership: the constructor takes the array without copying and {@link #data()} returns it
 * without copying, so large images are not duplicated. Nobody may modify the array after
 * construction; with that rule the instance is immutable and thread-safe.
 */
public final class ByteImage implements SourceImage {

	private final int width;
	private final int height;
	private final int channels;
	private final byte[] data;

	/**
	 * @param channels 1 (grey) or 3 (RGB)
	 * @param data {@code width * height * channels} bytes, interleaved; ownership passes to this
	 *          instance
	 */
	public ByteImage(final int width, final int height, final int channels, final byte[] data) {
		if (channels != 1 && channels != 3) throw new IllegalArgumentException(
			"An 8-bit image has 1 (grey) or 3 (RGB) channels, got " + channels);
		final int n = ImageSizes.requireArrayLength(width, height, channels);
		if (data.length != n) throw new IllegalArgumentException("Expected " + n + " bytes for " +
			width + " x " + height + " x " + channels + ", got " + data.length);
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.data = data;
	}

	@Override
	public int width() { return width; }

	@Override
	public int height() { return height; }

	/** 1 (grey, replicated to RGB when normalised) or 3 (RGB). */
	public int channels() { return channels; }

	/** The interleaved pixel array itself (not a copy): read only. */
	public byte[] data() { return data; }

	/** Value 0..255 of channel {@code c} at pixel {@code (x, y)}. */
	public int get(final int x, final int y, final int c) {
		return data[(y * width + x) * channels + c] & 0xff;
	}

	@Override
	public String toString() {
		return "ByteImage[" + width + " x " + height + " x " + channels + "]";
	}
}
