package sc.fiji.dinovit.imglib2;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * Copies ImgLib2 images into {@link SourceImage}s. The input is only read (one pass in flat,
 * x-fastest order), never modified, and no view of it is kept.
 * <p>
 * Accepted shapes: dimension 0 is x (width), dimension 1 is y (height). Further dimensions are
 * allowed only with size 1 (e.g. XYC with one channel, XYZ with one slice); they are dropped.
 * Anything else is rejected: pass one plane ({@code Views.hyperSlice}) or, for an 8-bit XYC image
 * with three channels, use {@link #fromRgbChannels}. The interval's min does not matter.
 * <p>
 * Input kinds:
 * <ul>
 * <li>{@link ARGBType}: the RGB bytes are kept exactly, alpha is dropped (as Pillow's
 * {@code convert("RGB")} does) → 3-channel {@link ByteImage};</li>
 * <li>{@link UnsignedByteType} grey → 1-channel {@link ByteImage}, resized with Pillow's 8-bit
 * arithmetic exactly like the reference handles an 8-bit greyscale file;</li>
 * <li>any {@link RealType} (8/16/32-bit, ...) with a {@link DisplayRange} → {@link FloatGrayImage}
 * in [0,1] (rule in {@link DisplayRange#scale(double)}), resized in floating point.</li>
 * </ul>
 * Thread-safe (stateless); the input must not change while it is being read.
 */
public final class ImgLib2Inputs {

	private ImgLib2Inputs() {}

	/** An RGB image from ARGB pixels; alpha is dropped. */
	public static ByteImage fromArgb(final RandomAccessibleInterval<ARGBType> image) {
		final RandomAccessibleInterval<ARGBType> plane = requirePlane(image, "ARGB image");
		final int w = (int) plane.dimension(0);
		final int h = (int) plane.dimension(1);
		final byte[] data = new byte[ImageSizes.requireArrayLength(w, h, 3)];
		int i = 0;
		for (final ARGBType t : Views.flatIterable(plane)) {
			final int v = t.get();
			data[i++] = (byte) (v >> 16);
			data[i++] = (byte) (v >> 8);
			data[i++] = (byte) v;
		}
		return new ByteImage(w, h, 3, data);
	}

	/** An 8-bit grey image kept as bytes (Pillow mode "L" semantics). */
	public static ByteImage fromUnsignedByte(final RandomAccessibleInterval<UnsignedByteType> image) {
		final RandomAccessibleInterval<UnsignedByteType> plane = requirePlane(image, "8-bit image");
		final int w = (int) plane.dimension(0);
		final int h = (int) plane.dimension(1);
		final byte[] data = new byte[ImageSizes.requireArrayLength(w, h, 1)];
		int i = 0;
		for (final UnsignedByteType t : Views.flatIterable(plane))
			data[i++] = (byte) t.get();
		return new ByteImage(w, h, 1, data);
	}

	/**
	 * An RGB image from an 8-bit XYC image whose dimension 2 has size 3 (R, G, B in that order).
	 * Further dimensions must have size 1.
	 */
	public static ByteImage fromRgbChannels(final RandomAccessibleInterval<UnsignedByteType> xyc) {
		if (xyc.numDimensions() < 3 || xyc.dimension(2) != 3) throw new IllegalArgumentException(
			"Expected an XYC image with 3 channels in dimension 2, got dimensions " +
				Arrays.toString(xyc.dimensionsAsLongArray()));
		final int w = (int) xyc.dimension(0);
		final int h = (int) xyc.dimension(1);
		final byte[] data = new byte[ImageSizes.requireArrayLength(w, h, 3)];
		for (int c = 0; c < 3; c++) {
			final RandomAccessibleInterval<UnsignedByteType> channel =
				requirePlane(Views.hyperSlice(xyc, 2, xyc.min(2) + c), "RGB channel");
			int i = c;
			for (final UnsignedByteType t : Views.flatIterable(channel)) {
				data[i] = (byte) t.get();
				i += 3;
			}
		}
		return new ByteImage(w, h, 3, data);
	}

	/**
	 * A grey image scaled to [0,1] with the given display range (see {@link DisplayRange#scale}
	 * for NaN, infinities and clamping).
	 */
	public static <T extends RealType<T>> FloatGrayImage fromReal(
		final RandomAccessibleInterval<T> image, final DisplayRange range)
	{
		final RandomAccessibleInterval<T> plane = requirePlane(image, "grey image");
		final int w = (int) plane.dimension(0);
		final int h = (int) plane.dimension(1);
		final float[] data = new float[ImageSizes.requireArrayLength(w, h, 1)];
		final Cursor<T> cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; i < data.length; i++)
			data[i] = range.scale(cursor.next().getRealDouble());
		return new FloatGrayImage(w, h, data);
	}

	/** Same as {@link #fromReal(RandomAccessibleInterval, DisplayRange)} with [min, max]. */
	public static <T extends RealType<T>> FloatGrayImage fromReal(
		final RandomAccessibleInterval<T> image, final double min, final double max)
	{
		return fromReal(image, new DisplayRange(min, max));
	}

	/**
	 * Same as {@link #fromReal(RandomAccessibleInterval, DisplayRange)} with the range of the
	 * finite values of the image ({@link DisplayRange#ofFiniteValues}); reads the image twice.
	 */
	public static <T extends RealType<T>> FloatGrayImage fromReal(
		final RandomAccessibleInterval<T> image)
	{
		final RandomAccessibleInterval<T> plane = requirePlane(image, "grey image");
		return fromReal(plane, DisplayRange.ofFiniteValues(Views.flatIterable(plane)));
	}

	/**
	 * Returns {@code image} as a 2D interval, dropping trailing dimensions of size 1; throws with
	 * the offending shape otherwise.
	 */
	static <T> RandomAccessibleInterval<T> requirePlane(final RandomAccessibleInterval<T> image,
		final String what)
	{
		final int n = image.numDimensions();
		if (n < 2) throw new IllegalArgumentException("The " + what + " must be 2D (x, y), got " +
			n + " dimension(s)");
		for (int d = 2; d < n; d++)
			if (image.dimension(d) != 1) throw new IllegalArgumentException("The " + what +
				" must be 2D (x, y), but dimension " + d + " has size " + image.dimension(d) +
				" (dimensions " + Arrays.toString(image.dimensionsAsLongArray()) +
				"); pass one plane (Views.hyperSlice), or fromRgbChannels for 8-bit XYC with 3 channels");
		RandomAccessibleInterval<T> plane = image;
		for (int d = n - 1; d >= 2; d--)
			plane = Views.hyperSlice(plane, d, plane.min(d));
		ImageSizes.requireArrayLength(plane.dimension(0), plane.dimension(1), 3);
		return plane;
	}
}
