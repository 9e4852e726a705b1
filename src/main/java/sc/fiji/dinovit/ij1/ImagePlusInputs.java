package sc.fiji.dinovit.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.dinovit.imglib2.DisplayRange;
import sc.fiji.dinovit.imglib2.ImgLib2Inputs;
import sc.fiji.dinovit.imglib2.SourceImage;

/**
 * ImagePlus to ImgLib2 (our own adapter; imglib2-ij is not on Maven Central). Every method copies
 * the pixels of one plane into a new {@code ArrayImg}, so the input is never modified and the result
 * does not change when the image does. Calibration is not part of the pixels: take it from
 * {@link #calibration(ImagePlus)} and hand it to {@link ImagePlusOutputs} for the results.
 * <p>
 * Planes are numbered like {@link ImageStack}: 1 to {@code getStackSize()}, in ImageJ's
 * channel-slice-frame order. Supported: 8-bit, 16-bit and 32-bit grey and RGB; multi-channel
 * (composite) images are refused because a DINO input is one grey or RGB picture.
 */
public final class ImagePlusInputs {

	private ImagePlusInputs() {}

	/** A copy of the image's calibration (pixel size, unit, origin), independent of the image. */
	public static Calibration calibration(final ImagePlus imp) {
		return imp.getCalibration().copy();
	}

	/**
	 * Checks that an image can be a DINO input: one channel (grey or RGB), any number of slices and
	 * frames.
	 *
	 * @throws IllegalArgumentException naming the image and the fix otherwise
	 */
	public static void requireSupported(final ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException(
			"No image: open an image first (in a macro, image=<title> picks one)");
		final int type = imp.getType();
		if (type == ImagePlus.COLOR_256) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' is an 8-bit indexed-colour image: convert it with Image>Type>RGB Color first");
		if (imp.getNChannels() > 1) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " +
			imp.getNChannels() + " channels: make it one RGB image (Image>Color>Stack to RGB) or pick one " +
			"channel (Image>Duplicate...) first");
	}

	/** One plane as an ArrayImg: 8-bit, 16-bit, float or ARGB depending on the image type. */
	public static RandomAccessibleInterval<?> plane(final ImagePlus imp, final int stackIndex) {
		final ImageProcessor ip = processor(imp, stackIndex);
		final int w = ip.getWidth(), h = ip.getHeight();
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
				return ArrayImgs.unsignedBytes(((byte[]) ip.getPixels()).clone(), w, h);
			case ImagePlus.GRAY16:
				return ArrayImgs.unsignedShorts(((short[]) ip.getPixels()).clone(), w, h);
			case ImagePlus.GRAY32:
				return ArrayImgs.floats(((float[]) ip.getPixels()).clone(), w, h);
			case ImagePlus.COLOR_RGB:
				return ArrayImgs.argbs(((int[]) ip.getPixels()).clone(), w, h);
			default:
				throw new IllegalArgumentException("Unsupported image type of '" + imp.getTitle() + "'");
		}
	}

	/**
	 * One plane as a {@link SourceImage} for feature extraction. RGB keeps its bytes; 8-bit grey with
	 * the identity display range [0, 255] keeps its bytes too (exactly like the reference reads an
	 * 8-bit file); any other grey image is scaled to [0, 1] with the image's display range (what
	 * the user sees), see {@link DisplayRange}.
	 */
	@SuppressWarnings("unchecked")
	public static SourceImage sourceImage(final ImagePlus imp, final int stackIndex) {
		requireSupported(imp);
		final RandomAccessibleInterval<?> plane = plane(imp, stackIndex);
		if (imp.getType() == ImagePlus.GRAY32) requireFinitePixel(imp, stackIndex);
		switch (imp.getType()) {
			case ImagePlus.COLOR_RGB:
				return ImgLib2Inputs.fromArgb((RandomAccessibleInterval<ARGBType>) plane);
			case ImagePlus.GRAY8:
				if (displayRange(imp).equals(DisplayRange.UNSIGNED_BYTE) && !imp.isInvertedLut())
					return ImgLib2Inputs.fromUnsignedByte((RandomAccessibleInterval<UnsignedByteType>) plane);
				return ImgLib2Inputs.fromReal((RandomAccessibleInterval<UnsignedByteType>) plane, displayRange(imp));
			case ImagePlus.GRAY16:
				return ImgLib2Inputs.fromReal((RandomAccessibleInterval<UnsignedShortType>) plane, displayRange(imp));
			default:
				return ImgLib2Inputs.fromReal((RandomAccessibleInterval<FloatType>) plane, displayRange(imp));
		}
	}

	/**
	 * A 32-bit plane needs at least one finite pixel: NaN becomes the display minimum and
	 * infinities are clamped (see {@link DisplayRange}), but a plane of nothing else has no content.
	 */
	private static void requireFinitePixel(final ImagePlus imp, final int stackIndex) {
		for (final float v : (float[]) processor(imp, stackIndex).getPixels())
			if (Float.isFinite(v)) return;
		throw new IllegalArgumentException("'" + imp.getTitle() + "'" + (imp.getStackSize() > 1 ? " plane " +
			stackIndex : "") + " has no finite pixel (only NaN or infinity): give it values first, e.g. " +
			"Process>Math>Remove NaNs... or Process>Math>Set... on a copy");
	}

	/** The image's current display range (min, max as shown by Image>Adjust>Brightness/Contrast). */
	public static DisplayRange displayRange(final ImagePlus imp) {
		final double min = imp.getDisplayRangeMin(), max = imp.getDisplayRangeMax();
		if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) return new DisplayRange(0, 0);
		return new DisplayRange(min, max);
	}

	private static ImageProcessor processor(final ImagePlus imp, final int stackIndex) {
		final int n = imp.getStackSize();
		if (stackIndex < 1 || stackIndex > n) throw new IllegalArgumentException("Plane " + stackIndex +
			" does not exist: '" + imp.getTitle() + "' has planes 1 to " + n);
		return n == 1 ? imp.getProcessor() : imp.getStack().getProcessor(stackIndex);
	}
}
