package sc.fiji.dinovit.algorithms.grabcut;

/**
 * An 8-bit RGB image as packed ints, row-major: pixel (x, y) is {@code pixels[y * width + x]}
 * = {@code 0x??RRGGBB}; the top byte (alpha in ImageJ's {@code ColorProcessor}) is ignored, so
 * a {@code ColorProcessor}'s pixel array can be wrapped without copying.
 * <p>
 * The array is not copied: callers must not modify it while an algorithm uses the image. The
 * algorithms of this package never write to it.
 */
public record RgbImage(int width, int height, int[] pixels) {

	/** @throws IllegalArgumentException for non-positive sizes or a pixel array of the wrong length */
	public RgbImage {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("Image size must be positive, not " +
			width + " x " + height);
		if (pixels == null || pixels.length != (long) width * height) throw new IllegalArgumentException(
			"A " + width + " x " + height + " image needs " + (long) width * height + " pixels, not " +
				(pixels == null ? "null" : pixels.length));
	}

	/** Packs interleaved R, G, B bytes (3 per pixel, row-major) into a new image. */
	public static RgbImage fromInterleaved(final byte[] rgb, final int width, final int height) {
		if (rgb.length != 3L * width * height) throw new IllegalArgumentException("A " + width + " x " + height +
			" RGB image needs " + 3L * width * height + " bytes, not " + rgb.length);
		final int[] packed = new int[width * height];
		for (int i = 0; i < packed.length; i++)
			packed[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | rgb[3 * i + 2] & 0xff;
		return new RgbImage(width, height, packed);
	}

	public int pixelCount() {
		return width * height;
	}

	public int red(final int index) {
		return pixels[index] >> 16 & 0xff;
	}

	public int green(final int index) {
		return pixels[index] >> 8 & 0xff;
	}

	public int blue(final int index) {
		return pixels[index] & 0xff;
	}
}
