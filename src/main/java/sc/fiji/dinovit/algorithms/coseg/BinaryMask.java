package sc.fiji.dinovit.algorithms.coseg;

import java.util.Arrays;

/**
 * A foreground mask of width x height pixels, row-major: pixel (x, y) is index y * width + x.
 * Immutable: built from a copy, read through {@link #get} or a fresh {@link #toArray()}.
 */
public final class BinaryMask {

	private final int width;
	private final int height;
	private final boolean[] pixels;

	private BinaryMask(final int width, final int height, final boolean[] pixels) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("Mask size must be positive, got " +
			width + "x" + height);
		if (pixels.length != (long) width * height) throw new IllegalArgumentException("A " + width + "x" +
			height + " mask needs " + (long) width * height + " pixels, got " + pixels.length);
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	/** A mask holding a copy of {@code pixels} (row-major, width * height values). */
	public static BinaryMask of(final int width, final int height, final boolean[] pixels) {
		return new BinaryMask(width, height, pixels.clone());
	}

	/** Takes the array without copying; callers must drop their reference. */
	static BinaryMask wrap(final int width, final int height, final boolean[] pixels) {
		return new BinaryMask(width, height, pixels);
	}

	/** An all-background mask. */
	public static BinaryMask empty(final int width, final int height) {
		return new BinaryMask(width, height, new boolean[width * height]);
	}

	public int width() { return width; }

	public int height() { return height; }

	public boolean get(final int x, final int y) { return pixels[y * width + x]; }

	public boolean get(final int index) { return pixels[index]; }

	/** A copy of the pixels, row-major. */
	public boolean[] toArray() { return pixels.clone(); }

	/** The pixels as 0 (background) / 255 (foreground) bytes, row-major (an 8-bit mask image). */
	public byte[] toBytes() {
		final byte[] b = new byte[pixels.length];
		for (int i = 0; i < b.length; i++)
			if (pixels[i]) b[i] = (byte) 255;
		return b;
	}

	/** Number of foreground pixels. */
	public int foregroundCount() {
		int n = 0;
		for (final boolean p : pixels)
			if (p) n++;
		return n;
	}

	public boolean isEmpty() { return foregroundCount() == 0; }

	/** Foreground fraction, 0 to 1. */
	public double foregroundFraction() { return foregroundCount() / (double) pixels.length; }

	@Override
	public boolean equals(final Object o) {
		return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
	}

	@Override
	public int hashCode() {
		return (width * 31 + height) * 31 + Arrays.hashCode(pixels);
	}

	@Override
	public String toString() {
		return "BinaryMask[" + width + "x" + height + ", " + foregroundCount() + " foreground]";
	}
}
