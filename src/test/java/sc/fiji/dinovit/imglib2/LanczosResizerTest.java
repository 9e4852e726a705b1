package sc.fiji.dinovit.imglib2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Properties of LanczosResizer that hold whatever Pillow does. */
class LanczosResizerTest {

	@Test
	void unchangedSizeReturnsTheSameImage() {
		final ByteImage b = new ByteImage(4, 3, 3, new byte[36]);
		assertSame(b, LanczosResizer.resize(b, 4, 3));
		final FloatGrayImage f = new FloatGrayImage(4, 3, new float[12]);
		assertSame(f, LanczosResizer.resize(f, 4, 3));
		final byte[] src = new byte[12];
		assertNotSame(src, LanczosResizer.resize8(src, 4, 3, 1, 4, 3));
	}

	@Test
	void constantImagesStayConstant() {
		final byte[] grey = new byte[23 * 17];
		Arrays.fill(grey, (byte) 200);
		for (final int[] size : new int[][] { { 5, 4 }, { 50, 40 }, { 23, 3 }, { 1, 1 } }) {
			final byte[] out = LanczosResizer.resize8(grey, 23, 17, 1, size[0], size[1]);
			for (final byte v : out)
				assertEquals(200, v & 0xff);
		}
		final float[] f = new float[23 * 17];
		Arrays.fill(f, 0.25f);
		for (final float v : LanczosResizer.resizeFloat(f, 23, 17, 61, 7))
			assertEquals(0.25f, v, 1e-6f);
	}

	@Test
	void inputIsNotModified() {
		final byte[] src = randomBytes(30 * 20 * 3, 1);
		final byte[] copy = src.clone();
		LanczosResizer.resize8(src, 30, 20, 3, 13, 41);
		assertArrayEquals(copy, src);
	}

	@Test
	void onlyTheChangedAxisIsResampled() {
		// A vertical-only resize of an image whose columns are constant keeps the columns.
		final int w = 9;
		final int h = 12;
		final byte[] src = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				src[y * w + x] = (byte) (x * 25);
		final byte[] out = LanczosResizer.resize8(src, w, h, 1, w, 5);
		for (int y = 0; y < 5; y++)
			for (int x = 0; x < w; x++)
				assertEquals(x * 25, out[y * w + x] & 0xff);
	}

	@Test
	void rgbChannelsAreResizedIndependentlyLikeGrey() {
		final byte[] rgb = randomBytes(21 * 14 * 3, 2);
		final byte[] out = LanczosResizer.resize8(rgb, 21, 14, 3, 8, 30);
		for (int c = 0; c < 3; c++) {
			final byte[] grey = new byte[21 * 14];
			for (int i = 0; i < grey.length; i++)
				grey[i] = rgb[i * 3 + c];
			final byte[] g = LanczosResizer.resize8(grey, 21, 14, 1, 8, 30);
			for (int i = 0; i < g.length; i++)
				assertEquals(g[i], out[i * 3 + c]);
		}
	}

	@Test
	void floatKeepsOvershootAndEightBitClips() {
		// A step edge: Lanczos rings below 0 and above 1 on upscaling.
		final float[] f = new float[8];
		final byte[] b = new byte[8];
		for (int x = 4; x < 8; x++) {
			f[x] = 1f;
			b[x] = (byte) 255;
		}
		final float[] fo = LanczosResizer.resizeFloat(f, 8, 1, 29, 1);
		float min = 0;
		float max = 1;
		for (final float v : fo) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertTrue(min < 0 && max > 1, "expected ringing, got [" + min + ", " + max + "]");
		final byte[] bo = LanczosResizer.resize8(b, 8, 1, 1, 29, 1);
		for (int x = 0; x < 29; x++)
			assertEquals(Math.round(Math.min(1, Math.max(0, fo[x])) * 255), bo[x] & 0xff, 1.0);
	}

	@Test
	void coefficientsFollowPillowsWindow() {
		final LanczosCoefficients up = LanczosCoefficients.compute(10, 25);
		assertEquals(7, up.stride); // ceil(3) * 2 + 1
		final LanczosCoefficients down = LanczosCoefficients.compute(100, 7);
		assertEquals((int) Math.ceil(3 * 100.0 / 7) * 2 + 1, down.stride);
		for (final LanczosCoefficients c : new LanczosCoefficients[] { up, down }) {
			for (int i = 0; i < c.outSize; i++) {
				double sum = 0;
				for (int t = 0; t < c.count[i]; t++)
					sum += c.weights[i * c.stride + t];
				assertEquals(1.0, sum, 1e-12);
				assertTrue(c.first[i] >= 0 && c.count[i] > 0 && c.count[i] <= c.stride);
			}
		}
		// Output pixel 0 of a 10 -> 25 upscale: center 0.2, support 3 -> inputs 0 .. 3.
		assertEquals(0, up.first[0]);
		assertEquals(3, up.count[0]);
		assertEquals(1.0, LanczosCoefficients.lanczos(0), 0);
		assertEquals(0.0, LanczosCoefficients.lanczos(3), 0);
		assertEquals(0.0, LanczosCoefficients.lanczos(1), 1e-16);
	}

	@Test
	void rejectsBadSizes() {
		final ByteImage b = new ByteImage(4, 3, 1, new byte[12]);
		assertThrows(IllegalArgumentException.class, () -> LanczosResizer.resize(b, 0, 3));
		assertThrows(IllegalArgumentException.class, () -> LanczosResizer.resize8(new byte[11], 4,
			3, 1, 2, 2));
		assertThrows(IllegalArgumentException.class, () -> new ByteImage(4, 3, 2, new byte[24]));
		assertThrows(IllegalArgumentException.class, () -> new FloatGrayImage(4, 3, new float[11]));
	}

	private static byte[] randomBytes(final int n, final long seed) {
		final byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		return b;
	}
}
