package sc.fiji.dinovit.imglib2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class ImgLib2InputsTest {

	@Test
	void argbKeepsRgbDropsAlphaRowMajor() {
		final int[] argb = { 0x80102030, 0xff405060, 0x00708090, 0xffa0b0c0, 0xffd0e0f0, 0xff010203 };
		final ArrayImg<ARGBType, IntArray> img = ArrayImgs.argbs(argb, 3, 2);
		final ByteImage b = ImgLib2Inputs.fromArgb(img);
		assertEquals(3, b.width());
		assertEquals(2, b.height());
		assertEquals(3, b.channels());
		assertArrayEquals(new byte[] { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, (byte) 0x80,
			(byte) 0x90, (byte) 0xa0, (byte) 0xb0, (byte) 0xc0, (byte) 0xd0, (byte) 0xe0, (byte) 0xf0,
			1, 2, 3 }, b.data());
		assertEquals(0xd0, b.get(1, 1, 0));
	}

	@Test
	void intervalMinDoesNotMatterAndInputIsUntouched() {
		final int[] argb = { 1, 2, 3, 4, 5, 6 };
		final ArrayImg<ARGBType, IntArray> img = ArrayImgs.argbs(argb.clone(), 2, 3);
		final ByteImage shifted = ImgLib2Inputs.fromArgb(Views.translate(img, -7, 40));
		assertArrayEquals(ImgLib2Inputs.fromArgb(img).data(), shifted.data());
		assertArrayEquals(argb, img.update(null).getCurrentStorageArray());
	}

	@Test
	void singletonExtraDimensionsAreDropped() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4, 5, 6 }, 3,
			2, 1, 1);
		final ByteImage b = ImgLib2Inputs.fromUnsignedByte(img);
		assertEquals(1, b.channels());
		assertArrayEquals(new byte[] { 1, 2, 3, 4, 5, 6 }, b.data());
	}

	@Test
	void nonPlanarInputsAreRejectedWithTheShape() {
		final Img<UnsignedByteType> stack = ArrayImgs.unsignedBytes(4, 3, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImgLib2Inputs.fromUnsignedByte(stack));
		assertTrue(e.getMessage().contains("dimension 2 has size 2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ImgLib2Inputs.fromReal(ArrayImgs.floats(
			5), 0, 1));
		assertThrows(IllegalArgumentException.class, () -> ImgLib2Inputs.fromRgbChannels(
			ArrayImgs.unsignedBytes(4, 3, 4)));
	}

	@Test
	void rgbChannelsAxis() {
		// x fastest, then y, then c: planes R, G, B of a 2 x 1 image.
		final Img<UnsignedByteType> xyc = ArrayImgs.unsignedBytes(new byte[] { 10, 11, 20, 21, 30,
			31 }, 2, 1, 3);
		assertArrayEquals(new byte[] { 10, 20, 30, 11, 21, 31 }, ImgLib2Inputs.fromRgbChannels(xyc)
			.data());
	}

	@Test
	void realScalingRule() {
		final float[] v = { Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -5, 10, 15,
			20, 30 };
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(v.clone(), 4, 2);
		final FloatGrayImage g = ImgLib2Inputs.fromReal(img, 10, 20);
		assertArrayEquals(new float[] { 0, 0, 1, 0, 0, 0.5f, 1, 1 }, g.data());
		assertArrayEquals(v, img.update(null).getCurrentStorageArray());
	}

	@Test
	void autoRangeUsesFiniteValuesOnly() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { Float.NaN,
			Float.POSITIVE_INFINITY, 2, 6, 4, Float.NEGATIVE_INFINITY }, 3, 2);
		assertEquals(new DisplayRange(2, 6), DisplayRange.ofFiniteValues(img));
		assertArrayEquals(new float[] { 0, 1, 0, 1, 0.5f, 0 }, ImgLib2Inputs.fromReal(img).data());
		assertEquals(new DisplayRange(0, 0), DisplayRange.ofFiniteValues(ArrayImgs.floats(
			new float[] { Float.NaN }, 1, 1)));
	}

	@Test
	void sixteenBitWithDisplayRange() {
		final RandomAccessibleInterval<UnsignedShortType> img = ArrayImgs.unsignedShorts(
			new short[] { 0, 1000, 3000, (short) 65535 }, 2, 2);
		assertArrayEquals(new float[] { 0, 0, 1, 1 }, ImgLib2Inputs.fromReal(img, 1000, 3000)
			.data());
		final FloatGrayImage auto = ImgLib2Inputs.fromReal(img);
		assertEquals(1000f / 65535, auto.get(1, 0), 1e-7);
	}

	@Test
	void constantRangeIsAStep() {
		final DisplayRange r = new DisplayRange(5, 5);
		assertEquals(0f, r.scale(5));
		assertEquals(1f, r.scale(5.001));
		assertThrows(IllegalArgumentException.class, () -> new DisplayRange(2, 1));
		assertThrows(IllegalArgumentException.class, () -> new DisplayRange(0, Double.NaN));
	}

	@Test
	void eightBitIdentityRangeMatchesDivisionBy255() {
		for (int v = 0; v < 256; v++)
			assertEquals(v / 255f, DisplayRange.UNSIGNED_BYTE.scale(v), "value " + v);
	}

	@Test
	void patchFitHelper() {
		final ByteImage b = new ByteImage(8, 20, 1, new byte[160]);
		assertTrue(b.fitsPatch(8));
		assertFalse(b.fitsPatch(14));
		assertThrows(IllegalArgumentException.class, () -> SourceImage.requirePatchFits(7, 100, 8));
		SourceImage.requirePatchFits(8, 8, 8);
	}
}
