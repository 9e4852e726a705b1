package sc.fiji.dinovit.imglib2;

/**
 * A single-channel float image, row-major ({@code data[y * width + x]}), normally in [0,1] after
 * {@link DisplayRange} scaling (a Lanczos resize can overshoot slightly; nothing clips it).
 * Normalisation replicates it to three channels.
 * <p>
 * Ownership: the constructor takes the array without copying and {@link #data()} returns it
 * without copying. Nobody may modify the array after construction; with that rule the instance is
 * immutable and thread-safe.
 */
public final class FloatGrayImage implements SourceImage {

	private final int width;
	private final int height;
	private final float[] data;

	/** @param data {@code width * height} values, row-major; ownership passes to this instance */
	public FloatGrayImage(final int width, final int height, final float[] data) {
		final int n = ImageSizes.requireArrayLength(width, height, 1);
		if (data.length != n) throw new IllegalArgumentException("Expected " + n + " floats for " +
			width + " x " + height + ", got " + data.length);
		this.width = width;
		this.height = height;
		this.data = data;
	}

	@Override
	public int width() { return width; }

	@Override
	public int height() { return height; }

	/** The row-major pixel array itself (not a copy): read only. */
	public float[] data() { return data; }

	public float get(final int x, final int y) {
		return data[y * width + x];
	}

	@Override
	public String toString() {
		return "FloatGrayImage[" + width + " x " + height + "]";
	}
}
