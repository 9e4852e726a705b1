package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrimapTest {

	@Test
	void erosionDoesNotErodeAtTheImageBorder() {
		final int w = 9, h = 8;
		final boolean[] all = new boolean[w * h];
		java.util.Arrays.fill(all, true);
		assertArrayEquals(all, Trimap.erode(all, w, h, 3), "a full mask survives: outside counts as set");
		final boolean[] oneHole = all.clone();
		oneHole[2 * w + 3] = false; // (3, 2)
		final boolean[] eroded = Trimap.erode(oneHole, w, h, 1);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				assertEquals(Math.abs(x - 3) > 1 || Math.abs(y - 2) > 1, eroded[y * w + x], "(" + x + ", " + y + ")");
	}

	@Test
	void labelsFollowTheReferenceRule() {
		// a 20 x 20 image whose left 10 columns are foreground
		final int w = 20, h = 20;
		final boolean[] mask = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < 10; x++)
				mask[y * w + x] = true;
		final byte[] t = Trimap.fromCoarseMask(mask, w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final byte expected = x < 7 ? GrabCutLabels.FGD : x >= 13 ? GrabCutLabels.BGD : GrabCutLabels.PR_FGD;
				assertEquals(expected, t[y * w + x], "(" + x + ", " + y + ")");
			}
	}

	@Test
	void emptyAndFullMasks() {
		final byte[] empty = Trimap.fromCoarseMask(new boolean[12], 4, 3);
		final boolean[] full = new boolean[12];
		java.util.Arrays.fill(full, true);
		for (final byte l : empty)
			assertEquals(GrabCutLabels.BGD, l);
		for (final byte l : Trimap.fromCoarseMask(full, 4, 3))
			assertEquals(GrabCutLabels.FGD, l);
		assertThrows(IllegalArgumentException.class, () -> Trimap.fromCoarseMask(new boolean[11], 4, 3));
	}
}
