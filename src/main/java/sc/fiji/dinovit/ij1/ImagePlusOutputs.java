package sc.fiji.dinovit.ij1;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.BooleanType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * ImgLib2 / array results to ImagePlus, with calibration taken from the input. Float results become
 * 32-bit, labels 8-bit (up to 255) or 16-bit (up to 65535), masks 8-bit 0/255. The results are
 * copied; nothing is shared with the caller's arrays.
 */
public final class ImagePlusOutputs {

	private ImagePlusOutputs() {}

	/** A 32-bit image of a 2D real-valued result; calibration copied from {@code cal} (may be null). */
	public static <T extends RealType<T>> ImagePlus fromReal(final String title,
		final RandomAccessibleInterval<T> image, final Calibration cal)
	{
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final float[] px = new float[w * h];
		int i = 0;
		for (final T t : Views.flatIterable(image))
			px[i++] = t.getRealFloat();
		return withCalibration(new ImagePlus(title, new FloatProcessor(w, h, px)), cal);
	}

	/**
	 * A label image: 8-bit when every label fits in 0..255, else 16-bit.
	 *
	 * @throws IllegalArgumentException for negative labels or labels above 65535
	 */
	public static <T extends IntegerType<T>> ImagePlus fromLabels(final String title,
		final RandomAccessibleInterval<T> labels, final Calibration cal)
	{
		final int w = (int) labels.dimension(0), h = (int) labels.dimension(1);
		final int[] v = new int[w * h];
		int i = 0, max = 0;
		for (final T t : Views.flatIterable(labels)) {
			final long l = t.getIntegerLong();
			if (l < 0 || l > 65535) throw new IllegalArgumentException("Label " + l +
				" does not fit a 16-bit label image (0 to 65535)");
			v[i++] = (int) l;
			max = Math.max(max, (int) l);
		}
		final ImageProcessor ip = labelProcessor(w, h, v, max);
		ip.setMinAndMax(0, Math.max(1, max));
		return withCalibration(new ImagePlus(title, ip), cal);
	}

	/**
	 * Row-major labels of {@code width x height} pixels as a processor: 8-bit when
	 * {@code maxLabel <= 255}, else 16-bit (so that every plane of a label stack gets the same type
	 * from the set's largest label). Display range and LUT are left to the caller.
	 *
	 * @throws IllegalArgumentException for a label outside 0..maxLabel, or maxLabel above 65535
	 */
	public static ImageProcessor labelProcessor(final int width, final int height, final int[] labels,
		final int maxLabel)
	{
		if (labels.length != width * height) throw new IllegalArgumentException("Expected " + width + " x " +
			height + " labels, got " + labels.length);
		if (maxLabel > 65535) throw new IllegalArgumentException("Label " + maxLabel +
			" does not fit a 16-bit label image (0 to 65535)");
		for (final int l : labels)
			if (l < 0 || l > maxLabel) throw new IllegalArgumentException("Label " + l + " is outside 0.." + maxLabel);
		if (maxLabel <= 255) {
			final byte[] b = new byte[labels.length];
			for (int k = 0; k < labels.length; k++)
				b[k] = (byte) labels[k];
			return new ByteProcessor(width, height, b);
		}
		final short[] s = new short[labels.length];
		for (int k = 0; k < labels.length; k++)
			s[k] = (short) labels[k];
		return new ShortProcessor(width, height, s, null);
	}

	/**
	 * One image of same-sized planes: a single image for one plane, else a stack with the given
	 * slice labels (null or null entries: none). LUT and display range are the first plane's.
	 */
	public static ImagePlus stack(final String title, final List<? extends ImageProcessor> planes,
		final List<String> labels)
	{
		if (planes.isEmpty()) throw new IllegalArgumentException("No planes for '" + title + "'");
		final ImageProcessor first = planes.get(0);
		final ImageStack stack = new ImageStack(first.getWidth(), first.getHeight());
		for (int i = 0; i < planes.size(); i++)
			stack.addSlice(labels == null ? null : labels.get(i), planes.get(i));
		stack.setColorModel(first.getColorModel());
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDisplayRange(first.getMin(), first.getMax());
		return imp;
	}

	/** A binary mask as 8-bit 0 / 255 (ImageJ's binary convention). */
	public static <T extends BooleanType<T>> ImagePlus fromMask(final String title,
		final RandomAccessibleInterval<T> mask, final Calibration cal)
	{
		final int w = (int) mask.dimension(0), h = (int) mask.dimension(1);
		final byte[] b = new byte[w * h];
		int i = 0;
		for (final T t : Views.flatIterable(mask))
			b[i++] = t.get() ? (byte) 255 : 0;
		return withCalibration(new ImagePlus(title, new ByteProcessor(w, h, b)), cal);
	}

	/**
	 * A 32-bit stack of row-major planes of {@code width x height} (copied), one slice per plane,
	 * with optional slice labels.
	 */
	public static ImagePlus floatStack(final String title, final int width, final int height,
		final List<float[]> planes, final List<String> labels)
	{
		final ImageStack stack = new ImageStack(width, height);
		for (int i = 0; i < planes.size(); i++) {
			final float[] p = planes.get(i);
			if (p.length != width * height) throw new IllegalArgumentException("Plane " + i + " has " +
				p.length + " values, expected " + width + " x " + height);
			stack.addSlice(labels == null ? null : labels.get(i), new FloatProcessor(width, height, p.clone()));
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.resetDisplayRange();
		return imp;
	}

	/** Sets a copy of {@code cal} on {@code imp} (nothing when cal is null) and returns imp. */
	public static ImagePlus withCalibration(final ImagePlus imp, final Calibration cal) {
		if (cal != null) imp.setCalibration(cal.copy());
		return imp;
	}

	/**
	 * The calibration of an image with one pixel per patch token, so that it overlays the input in
	 * calibrated units: pixel width and height are {@code stride} resized pixels expressed in input
	 * pixels ({@code stride * original / resized}) times the input's pixel size, and the origin is
	 * set so that the <em>centre</em> of output pixel (0, 0) falls on the centre of the first patch
	 * (ImageJ's convention: pixel i spans [i, i+1), calibrated x = (i - xOrigin) * pixelWidth).
	 * Unit and pixel depth are the input's.
	 *
	 * @param input the input image's calibration
	 * @param grid the patch grid, in the pixels of the image the network saw
	 * @param originalWidth the input's width in pixels
	 * @param originalHeight the input's height in pixels
	 */
	public static Calibration gridCalibration(final Calibration input, final PatchGrid grid,
		final int originalWidth, final int originalHeight)
	{
		final Calibration in = input == null ? new Calibration() : input;
		final Calibration out = in.copy();
		final double sx = originalWidth / (double) grid.width();
		final double sy = originalHeight / (double) grid.height();
		final double stepX = grid.stride() * sx, stepY = grid.stride() * sy;
		out.pixelWidth = in.pixelWidth * stepX;
		out.pixelHeight = in.pixelHeight * stepY;
		// centre of patch (0, 0) in input pixel coordinates, then in input-calibrated units
		final double cx = grid.centerX(0) * sx, cy = grid.centerY(0) * sy;
		out.xOrigin = 0.5 - (cx - in.xOrigin) / stepX;
		out.yOrigin = 0.5 - (cy - in.yOrigin) / stepY;
		return out;
	}
}
