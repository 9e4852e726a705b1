package sc.fiji.dinovit.algorithms.coseg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.imglib2.LoadSize;
import sc.fiji.dinovit.vit.PatchGrid;

class MaskGeometryTest {

	/** 30 x 22 px, patch 8, stride 4: 4 rows x 6 cols; pixels 20-21 (rows) and 28-29 (cols) lie beyond the last window. */
	private static final PatchGrid GRID = PatchGrid.of(22, 30, 8, 4);

	@Test
	void everyPixelTakesThePatchWithTheNearestCentre() {
		assertEquals(4, GRID.rows());
		assertEquals(6, GRID.cols());
		final Random random = new Random(3);
		final boolean[] patches = new boolean[GRID.numPatches()];
		for (int i = 0; i < patches.length; i++)
			patches[i] = random.nextBoolean();
		final boolean[] pixels = MaskGeometry.patchesToPixels(patches, GRID);
		for (int y = 0; y < 22; y++)
			for (int x = 0; x < 30; x++) {
				int bestR = 0, bestC = 0;
				for (int r = 0; r < GRID.rows(); r++)
					if (Math.abs(y + 0.5 - GRID.centerY(r)) < Math.abs(y + 0.5 - GRID.centerY(bestR))) bestR = r;
				for (int c = 0; c < GRID.cols(); c++)
					if (Math.abs(x + 0.5 - GRID.centerX(c)) < Math.abs(x + 0.5 - GRID.centerX(bestC))) bestC = c;
				assertEquals(patches[GRID.index(bestR, bestC)], pixels[y * 30 + x], "pixel " + x + "," + y);
			}
	}

	@Test
	void lastColumnAndRowCoverTheirHalfPatchAndTheStripsBeyond() {
		final boolean[] lastCol = new boolean[GRID.numPatches()];
		for (int r = 0; r < GRID.rows(); r++)
			lastCol[GRID.index(r, 5)] = true;
		final boolean[] px = MaskGeometry.patchesToPixels(lastCol, GRID);
		// Centre of column 5 is x = 24, of column 4 x = 20: pixels 22..29 are nearer to 24 (incl. the strip 28, 29).
		// The reference's stretched grid would start at floor-mapped x = 25 instead.
		for (int x = 0; x < 30; x++)
			for (int y = 0; y < 22; y++)
				assertEquals(x >= 22, px[y * 30 + x], "x=" + x);
		final boolean[] lastRow = new boolean[GRID.numPatches()];
		for (int c = 0; c < GRID.cols(); c++)
			lastRow[GRID.index(3, c)] = true;
		final boolean[] py = MaskGeometry.patchesToPixels(lastRow, GRID);
		for (int y = 0; y < 22; y++)
			assertEquals(y >= 14, py[y * 30 + 7], "y=" + y);
		// One inner patch (1, 2), centre (x 12, y 8): pixels x 10..13, y 6..9.
		final boolean[] one = new boolean[GRID.numPatches()];
		one[GRID.index(1, 2)] = true;
		final boolean[] p1 = MaskGeometry.patchesToPixels(one, GRID);
		for (int y = 0; y < 22; y++)
			for (int x = 0; x < 30; x++)
				assertEquals(x >= 10 && x <= 13 && y >= 6 && y <= 9, p1[y * 30 + x], x + "," + y);
	}

	@Test
	void resizedMaskMapsOntoTheOriginalPixelGrid() {
		// chelsea: 451 x 300 px, load_size 224 -> 336 x 224.
		assertEquals(new ImageSize(336, 224), LoadSize.shorterSideTarget(451, 300, 224));
		final boolean[] right = new boolean[336 * 224];
		final boolean[] bottom = new boolean[336 * 224];
		for (int y = 0; y < 224; y++)
			for (int x = 0; x < 336; x++) {
				right[y * 336 + x] = x >= 168;
				bottom[y * 336 + x] = y >= 112;
			}
		final boolean[] r = MaskGeometry.toOriginal(right, 336, 224, 451, 300);
		final boolean[] b = MaskGeometry.toOriginal(bottom, 336, 224, 451, 300);
		assertEquals(451 * 300, r.length);
		// Resized x = floor((X + 0.5) * 336 / 451) >= 168 iff X + 0.5 >= 225.5.
		for (int x = 0; x < 451; x++)
			assertEquals(x >= 225, r[17 * 451 + x], "X=" + x);
		// Resized y = floor((Y + 0.5) * 224 / 300) >= 112 iff Y + 0.5 >= 150.
		for (int y = 0; y < 300; y++)
			assertEquals(y >= 150, b[y * 451 + 400], "Y=" + y);
		// Corners map to corners.
		final boolean[] corner = new boolean[336 * 224];
		corner[336 * 224 - 1] = true;
		final boolean[] c = MaskGeometry.toOriginal(corner, 336, 224, 451, 300);
		assertTrue(c[451 * 300 - 1]);
		assertFalse(c[0]);
		int n = 0;
		for (final boolean v : c)
			if (v) n++;
		// About 1.34 original pixels per resized pixel; the last resized pixel's share is X = 450 (449 reads 334) and Y = 299.
		assertEquals(1, n);
	}

	@Test
	void sameSizeIsIdentity() {
		final boolean[] m = { true, false, false, true, true, false };
		assertArrayEquals(m, MaskGeometry.toOriginal(m, 3, 2, 3, 2));
	}
}
