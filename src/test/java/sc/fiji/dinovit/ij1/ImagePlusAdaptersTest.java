package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.FloatGrayImage;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.vit.PatchGrid;

class ImagePlusAdaptersTest {

	@Test
	void planesAreCopiesOfEveryType() {
		final byte[] b = { 1, 2, 3, (byte) 200, 5, 6 };
		final ImagePlus gray8 = new ImagePlus("g8", new ByteProcessor(3, 2, b.clone()));
		final RandomAccessibleInterval<?> p8 = ImagePlusInputs.plane(gray8, 1);
		assertEquals(200, value(p8, 0, 1));
		((UnsignedByteType) Views.flatIterable(p8).firstElement()).set(99);
		assertArrayEquals(b, (byte[]) gray8.getProcessor().getPixels(), "input untouched");

		final ImagePlus gray16 = new ImagePlus("g16", new ShortProcessor(2, 1, new short[] { 7, (short) 60000 }, null));
		assertInstanceOf(UnsignedShortType.class, Views.flatIterable(ImagePlusInputs.plane(gray16, 1)).firstElement());
		assertEquals(60000, value(ImagePlusInputs.plane(gray16, 1), 1, 0));

		final ImagePlus f32 = new ImagePlus("f", new FloatProcessor(2, 1, new float[] { 0.5f, -2f }));
		assertEquals(-2, value(ImagePlusInputs.plane(f32, 1), 1, 0));

		final ColorProcessor cp = new ColorProcessor(1, 1, new int[] { 0xff102030 });
		final Object argb = Views.flatIterable(ImagePlusInputs.plane(new ImagePlus("rgb", cp), 1)).firstElement();
		assertEquals(0x102030, ((ARGBType) argb).get() & 0xffffff);
	}

	@Test
	void stackPlanesAreAddressedByIndex() {
		final ImageStack s = new ImageStack(2, 2);
		s.addSlice(new ByteProcessor(2, 2, new byte[] { 1, 1, 1, 1 }));
		s.addSlice(new ByteProcessor(2, 2, new byte[] { 9, 9, 9, 9 }));
		final ImagePlus imp = new ImagePlus("stack", s);
		assertEquals(9, value(ImagePlusInputs.plane(imp, 2), 1, 1));
		assertThrows(IllegalArgumentException.class, () -> ImagePlusInputs.plane(imp, 3));
	}

	@Test
	void sourceImageFollowsTypeAndDisplayRange() {
		final ImagePlus gray8 = new ImagePlus("g8", new ByteProcessor(2, 1, new byte[] { 0, (byte) 255 }));
		assertInstanceOf(ByteImage.class, ImagePlusInputs.sourceImage(gray8, 1), "identity range keeps bytes");
		gray8.setDisplayRange(0, 100);
		final SourceImage scaled = ImagePlusInputs.sourceImage(gray8, 1);
		assertEquals(1f, ((FloatGrayImage) scaled).get(1, 0));

		final ImagePlus gray16 = new ImagePlus("g16", new ShortProcessor(2, 1, new short[] { 100, 300 }, null));
		gray16.setDisplayRange(100, 200);
		final FloatGrayImage g = (FloatGrayImage) ImagePlusInputs.sourceImage(gray16, 1);
		assertEquals(0f, g.get(0, 0));
		assertEquals(1f, g.get(1, 0));

		final ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(1, 1, new int[] { 0x0a0b0c }));
		final ByteImage bi = (ByteImage) ImagePlusInputs.sourceImage(rgb, 1);
		assertEquals(3, bi.channels());
		assertEquals(0x0b, bi.get(0, 0, 1));
	}

	@Test
	void multiChannelImagesAreRefusedWithTheFix() {
		final ImageStack s = new ImageStack(2, 2);
		s.addSlice(new ByteProcessor(2, 2));
		s.addSlice(new ByteProcessor(2, 2));
		final ImagePlus imp = new ImagePlus("two", s);
		imp.setDimensions(2, 1, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusInputs
			.requireSupported(imp));
		assertTrue(e.getMessage().contains("Stack to RGB"), e.getMessage());
	}

	@Test
	void resultsCarryTheInputCalibration() {
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.setUnit("mm");
		final ImagePlus f = ImagePlusOutputs.fromReal("f", ArrayImgs.floats(new float[] { 1, 2, 3, 4 }, 2, 2), cal);
		assertEquals(32, f.getBitDepth());
		assertEquals(0.5, f.getCalibration().pixelWidth);
		assertEquals("mm", f.getCalibration().getUnit());
		cal.pixelWidth = 9; // a copy was taken
		assertEquals(0.5, f.getCalibration().pixelWidth);

		final ImagePlus l8 = ImagePlusOutputs.fromLabels("l", ArrayImgs.unsignedShorts(new short[] { 0, 3 }, 2, 1), cal);
		assertEquals(8, l8.getBitDepth());
		final ImagePlus l16 = ImagePlusOutputs.fromLabels("l", ArrayImgs.unsignedShorts(new short[] { 0, 300 }, 2, 1), cal);
		assertEquals(16, l16.getBitDepth());
		assertEquals(300, l16.getProcessor().get(1, 0));

		final RandomAccessibleInterval<BitType> mask = ArrayImgs.bits(2, 1);
		Views.flatIterable(mask).firstElement().set(true);
		final ImagePlus m = ImagePlusOutputs.fromMask("m", mask, null);
		assertEquals(255, m.getProcessor().get(0, 0));
		assertEquals(0, m.getProcessor().get(1, 0));
	}

	@Test
	void gridCalibrationPutsPixelCentresOnPatchCentres() {
		final Calibration in = new Calibration();
		in.pixelWidth = 2; // 2 um per input pixel
		in.pixelHeight = 2;
		// 448 x 300 input resized to 224 x 150 (scale 2), patch 8, stride 4
		final PatchGrid grid = PatchGrid.of(150, 224, 8, 4);
		final Calibration out = ImagePlusOutputs.gridCalibration(in, grid, 448, 300);
		assertEquals(2 * 4 * 2.0, out.pixelWidth, 1e-12);
		// centre of output pixel c is at calibrated (c + 0.5 - xOrigin) * pw = patch centre (c*4+4)*2 px * 2 um
		for (int c = 0; c < 3; c++)
			assertEquals((grid.centerX(c) * 2) * 2, (c + 0.5 - out.xOrigin) * out.pixelWidth, 1e-9);
		assertEquals((grid.centerY(5) * 2) * 2, (5 + 0.5 - out.yOrigin) * out.pixelHeight, 1e-9);
	}

	@Test
	void upsamplingInterpolatesBetweenPatchCentres() {
		final PatchGrid grid = PatchGrid.of(16, 16, 8, 8); // 2 x 2 patches, centres at 4 and 12
		final float[] up = GridImages.upsample(new float[] { 0, 1, 0, 1 }, grid, 16, 16);
		assertEquals(0f, up[0]); // left of the first centre: clamped
		assertEquals(1f, up[15]);
		assertEquals(0.5f, (up[7] + up[8]) / 2, 1e-6); // half way between centres
	}

	private static double value(final RandomAccessibleInterval<?> img, final int x, final int y) {
		final Object t = img.randomAccess().setPositionAndGet(x, y);
		if (t instanceof FloatType) return ((FloatType) t).get();
		if (t instanceof UnsignedShortType) return ((UnsignedShortType) t).get();
		return ((UnsignedByteType) t).get();
	}
}
