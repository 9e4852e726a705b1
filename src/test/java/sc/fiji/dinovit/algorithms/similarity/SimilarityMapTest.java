package sc.fiji.dinovit.algorithms.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.vit.PatchGrid;

class SimilarityMapTest {

	private static ImageFeatures image(final int resizedH, final int resizedW, final int d, final int origW,
		final int origH, final long seed)
	{
		final PatchGrid g = PatchGrid.of(resizedH, resizedW, 8, 4);
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] x = new float[g.numPatches() * d];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextGaussian();
		return new ImageFeatures(new Descriptors(g, d, x, null, false), null, origW, origH);
	}

	@Test
	void valuesAreTheBruteForceCosines() {
		final ImageFeatures src = image(40, 48, 20, 60, 50, 1);
		final ImageFeatures dst = image(52, 36, 20, 45, 65, 2);
		final List<SimilarityMap> maps = SimilarityMap.forPoint(src, 30.2, 11.7, List.of(dst, src));
		final int q = PixelFrames.of(src).nearestPatch(30.2, 11.7);
		final float[] query = src.descriptors().patch(q);
		final SimilarityMap m = maps.get(0);
		final float[] v = m.values();
		final Descriptors d = dst.descriptors();
		int best = 0;
		for (int i = 0; i < d.numPatches(); i++) {
			final float[] p = d.patch(i);
			double dot = 0, nq = 0, np = 0;
			for (int k = 0; k < 20; k++) {
				dot += (double) query[k] * p[k];
				nq += (double) query[k] * query[k];
				np += (double) p[k] * p[k];
			}
			assertEquals(dot / Math.sqrt(nq * np), v[i], 1e-5);
			if (v[i] > v[best]) best = i;
		}
		assertEquals(best, m.best().location().index());
		assertEquals(v[best], m.best().similarity());
		assertEquals(PixelFrames.of(dst).locate(best), m.best().location());
		// The map over the source itself peaks at the query patch, with cosine 1.
		assertEquals(q, maps.get(1).best().location().index());
		assertEquals(1f, maps.get(1).best().similarity(), 1e-6f);
	}

	@Test
	void renderingUsesTheNearestPatchCentreAndClampsAtTheBorder() {
		// Resized 26 x 30 -> grid 5 x 6, centres at 4, 8, ..., 24 (x) and 4, ..., 20 (y);
		// original 61 x 40 (scale 61/30 horizontally, 40/26 vertically).
		final ImageFeatures dst = image(26, 30, 4, 61, 40, 3);
		final SimilarityMap m = SimilarityMap.of(new float[] { 1, 2, 3, 4 }, dst);
		final float[] img = m.renderOriginal();
		assertEquals(61 * 40, img.length);
		final PatchGrid g = m.grid();
		for (int y = 0; y < 40; y++)
			for (int x = 0; x < 61; x++) {
				final double rx = (x + 0.5) * 30 / 61.0, ry = (y + 0.5) * 26 / 40.0;
				int bestR = 0, bestC = 0;
				for (int r = 0; r < g.rows(); r++)
					if (Math.abs(g.centerY(r) - ry) < Math.abs(g.centerY(bestR) - ry)) bestR = r;
				for (int c = 0; c < g.cols(); c++)
					if (Math.abs(g.centerX(c) - rx) < Math.abs(g.centerX(bestC) - rx)) bestC = c;
				assertEquals(m.value(bestR, bestC), img[y * 61 + x], "pixel " + x + "," + y);
			}
		assertEquals(m.value(0, 0), img[0]);
		assertEquals(m.value(4, 5), img[61 * 40 - 1]);
	}

	@Test
	void mismatchedDimensionsAndOutsidePointsAreErrors() {
		final ImageFeatures src = image(40, 48, 20, 60, 50, 1);
		final ImageFeatures other = image(40, 48, 10, 60, 50, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> SimilarityMap.forPoint(src, 3, 3, List.of(other)));
		assertTrue(e.getMessage().contains("20") && e.getMessage().contains("10"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SimilarityMap.forPoint(src, -1, 3, List.of(src)));
	}
}
