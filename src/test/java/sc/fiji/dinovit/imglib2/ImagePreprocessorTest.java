package sc.fiji.dinovit.imglib2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

	private static final float[] MEAN = { 0.485f, 0.456f, 0.406f };
	private static final float[] STD = { 0.229f, 0.224f, 0.225f };

	@Test
	void rgbWithoutResizeIsTorchvisionArithmetic() {
		final byte[] data = randomBytes(5 * 4 * 3);
		final ByteImage img = new ByteImage(5, 4, 3, data);
		final NormalizedImage n = ImagePreprocessor.imagenet(0).apply(img);
		assertEquals(5, n.width());
		assertEquals(4, n.height());
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++) {
					final float expected = ((img.get(x, y, c) / 255f) - MEAN[c]) / STD[c];
					assertEquals(expected, n.get(c, x, y), 0f);
					assertEquals(expected, n.chw()[(c * 4 + y) * 5 + x], 0f);
				}
	}

	@Test
	void greyBytesAreReplicatedLikeConvertRgb() {
		final byte[] grey = randomBytes(30 * 20);
		final byte[] rgb = new byte[grey.length * 3];
		for (int i = 0; i < grey.length; i++)
			rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
		final ImagePreprocessor p = ImagePreprocessor.imagenet(12);
		final NormalizedImage a = p.apply(new ByteImage(30, 20, 1, grey));
		final NormalizedImage b = p.apply(new ByteImage(30, 20, 3, rgb));
		assertEquals(18, a.width());
		assertEquals(12, a.height());
		assertArrayEquals(b.chw(), a.chw());
	}

	@Test
	void resizeUsesLoadSizeAndKeepsOriginalSize() {
		final ByteImage img = new ByteImage(40, 30, 3, randomBytes(40 * 30 * 3));
		final NormalizedImage n = ImagePreprocessor.imagenet(24).apply(img);
		assertEquals(32, n.width());
		assertEquals(24, n.height());
		assertEquals(40, n.originalWidth());
		assertEquals(30, n.originalHeight());
		assertEquals(1.25, n.scaleX(), 0);
		assertEquals(1.25, n.scaleY(), 0);
		final ByteImage resized = LanczosResizer.resize(img, 32, 24);
		assertEquals(((resized.get(3, 5, 1) / 255f) - MEAN[1]) / STD[1], n.get(1, 3, 5), 0f);
	}

	@Test
	void floatGreyIsResizedInFloatThenReplicated() {
		final float[] f = new float[20 * 10];
		final Random r = new Random(3);
		for (int i = 0; i < f.length; i++)
			f[i] = r.nextFloat();
		final FloatGrayImage img = new FloatGrayImage(20, 10, f);
		final ImagePreprocessor p = new ImagePreprocessor(LoadSize.exact(7, 9), Normalization.HALF);
		final NormalizedImage n = p.apply(img);
		final float[] resized = LanczosResizer.resizeFloat(f, 20, 10, 9, 7);
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < resized.length; i++)
				assertEquals((resized[i] - 0.5f) / 0.5f, n.chw()[c * resized.length + i], 0f);
	}

	@Test
	void customNormalizationIsValidated() {
		assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[2],
			new float[3]));
		assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[3],
			new float[] { 1, 0, 1 }));
		final float[] mean = { 0.1f, 0.2f, 0.3f };
		final Normalization n = Normalization.of(mean, new float[] { 1, 2, 4 });
		mean[0] = 9;
		assertEquals(0.1f, n.mean(0));
		assertEquals((0.5f - 0.3f) / 4f, n.apply(0.5f, 2));
	}

	private static byte[] randomBytes(final int n) {
		final byte[] b = new byte[n];
		new Random(n).nextBytes(b);
		return b;
	}
}
