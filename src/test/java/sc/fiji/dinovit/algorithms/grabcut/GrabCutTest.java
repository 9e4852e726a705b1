package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GrabCutTest {

	private static final int W = 60, H = 50;

	/** A noisy orange disc on a noisy blue background. */
	private static RgbImage disc() {
		final SplittableRandom r = new SplittableRandom(5);
		final int[] px = new int[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				final boolean in = inDisc(x, y);
				final int red = clamp((in ? 230 : 40) + r.nextInt(-20, 21));
				final int green = clamp((in ? 140 : 60) + r.nextInt(-20, 21));
				final int blue = clamp((in ? 30 : 180) + r.nextInt(-20, 21));
				px[y * W + x] = red << 16 | green << 8 | blue;
			}
		return new RgbImage(W, H, px);
	}

	private static boolean inDisc(final int x, final int y) {
		return (x - 30) * (x - 30) + (y - 25) * (y - 25) <= 15 * 15;
	}

	/** A coarse mask: the disc grown by 2 px, so that its true edge lies in the trimap's band. */
	private static boolean[] coarseDisc() {
		final boolean[] m = new boolean[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				m[y * W + x] = (x - 30) * (x - 30) + (y - 25) * (y - 25) <= 17 * 17;
		return m;
	}

	private static int clamp(final int v) {
		return Math.max(0, Math.min(255, v));
	}

	@Test
	void refinesACoarseMaskToTheDisc() {
		final RgbImage img = disc();
		final boolean[] refined = new GrabCutRefiner().refine(img, coarseDisc());
		int wrong = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if (refined[y * W + x] != inDisc(x, y)) wrong++;
		assertEquals(0, wrong, "pixels off the disc");
	}

	@Test
	void definiteLabelsNeverChangeAndInputsStayIntact() {
		final RgbImage img = disc();
		final int[] pixels = img.pixels().clone();
		final byte[] trimap = Trimap.fromCoarseMask(coarseDisc(), W, H);
		final byte[] before = trimap.clone();
		final byte[] out = new GrabCut().segment(img, trimap, 3);
		assertArrayEquals(before, trimap, "input labels untouched");
		assertArrayEquals(pixels, img.pixels(), "input pixels untouched");
		for (int i = 0; i < out.length; i++)
			if (!GrabCutLabels.isProbable(before[i])) assertEquals(before[i], out[i]);
			else assertTrue(GrabCutLabels.isProbable(out[i]));
	}

	@Test
	void sameSeedSameResult() {
		final GrabCutFixtures f = GrabCutFixtures.load("astronaut");
		final byte[] a = new GrabCut(123).segment(f.image, f.trimap, 5);
		final byte[] b = new GrabCut(123).segment(f.image, f.trimap, 5);
		assertArrayEquals(a, b);
	}

	@Test
	void allForegroundThrowsAndTheRefinerFallsBack() {
		final RgbImage img = disc();
		final byte[] allProbableFg = new byte[W * H];
		Arrays.fill(allProbableFg, GrabCutLabels.PR_FGD);
		final NotEnoughSamplesException e = assertThrows(NotEnoughSamplesException.class, () -> new GrabCut()
			.segment(img, allProbableFg, 5));
		assertFalse(e.isForeground());
		assertEquals(0, e.samples());
		assertTrue(e.getMessage().contains("background"), e.getMessage());

		final boolean[] full = new boolean[W * H];
		Arrays.fill(full, true);
		assertArrayEquals(full, new GrabCutRefiner().refine(img, full));
		final boolean[] empty = new boolean[W * H];
		assertArrayEquals(empty, new GrabCutRefiner().refine(img, empty));
	}

	@Test
	void fewerSamplesThanComponentsThrowsLikeOpenCv() {
		final byte[] labels = new byte[W * H];
		Arrays.fill(labels, GrabCutLabels.BGD);
		for (int i = 0; i < GrabCut.COMPONENTS - 1; i++)
			labels[i] = GrabCutLabels.FGD;
		final NotEnoughSamplesException e = assertThrows(NotEnoughSamplesException.class, () -> new GrabCut()
			.segment(disc(), labels, 1));
		assertTrue(e.isForeground());
		assertEquals(GrabCut.COMPONENTS - 1, e.samples());
	}

	@Test
	void rejectsBadLabelMaps() {
		final RgbImage img = disc();
		assertThrows(IllegalArgumentException.class, () -> new GrabCut().segment(img, new byte[5], 1));
		final byte[] bad = Trimap.fromCoarseMask(coarseDisc(), W, H);
		bad[7] = 4;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GrabCut().segment(
			img, bad, 1));
		assertTrue(e.getMessage().contains("pixel 7"), e.getMessage());
	}

	@Test
	void zeroIterationsReturnsACopy() {
		final byte[] t = Trimap.fromCoarseMask(coarseDisc(), W, H);
		final byte[] out = new GrabCut().segment(disc(), t, 0);
		assertArrayEquals(t, out);
		assertFalse(t == out);
	}

	@Test
	void flatImageHasZeroBeta() {
		assertEquals(0, NeighbourWeights.beta(new RgbImage(4, 3, new int[12])));
		final int[] two = new int[12];
		two[0] = 0x0a0000; // one pair-difference of 10^2 among 4*12 - 3*4 - 3*3 + 2 = 29 pairs (3 touch it)
		assertEquals(1 / (2 * 300.0 / 29), NeighbourWeights.beta(new RgbImage(4, 3, two)), 1e-12);
	}
}
