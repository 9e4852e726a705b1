package sc.fiji.dinovit.algorithms.correspondence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.algorithms.similarity.PatchLocation;
import sc.fiji.dinovit.features.ImageFeatures;

class CorrespondencesTest {

	private static final int D = 24;

	/** 12 x 16 grid (resized 52 x 68) of an original 100 x 75 image; saliency in [0, 1]. */
	private static ImageFeatures image(final long seed) {
		final int n = 12 * 16;
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] sal = new float[n];
		for (int i = 0; i < n; i++)
			sal[i] = (float) r.nextDouble();
		return TestFeatures.features(52, 68, D, TestFeatures.gaussian(n, D, seed), sal, 100, 75);
	}

	@Test
	void correspondencesOfAnImageWithItselfAreTheIdentity() {
		final ImageFeatures a = image(1);
		final CorrespondenceResult r = Correspondences.find(a, a, CorrespondenceSettings.defaults().withNumPairs(25));
		assertEquals(25, r.size());
		assertEquals(12 * 16, r.numBestBuddies());
		for (final PointPair p : r.pairs()) {
			assertEquals(p.a(), p.b());
			assertEquals(1f, p.similarity(), 1e-6f);
			assertEquals(a.saliency()[p.a().index()], p.saliency(), 0f);
		}
	}

	@Test
	void outputIsOrderedByDescendingSaliencyThenAIndex() {
		final CorrespondenceResult r = Correspondences.find(image(2), image(3), CorrespondenceSettings.defaults());
		assertFalse(r.isEmpty());
		for (int q = 1; q < r.size(); q++) {
			final PointPair prev = r.pairs().get(q - 1), next = r.pairs().get(q);
			assertTrue(prev.saliency() > next.saliency() ||
				prev.saliency() == next.saliency() && prev.a().index() < next.a().index());
		}
		final List<PointPair> byCluster = r.pairsByCluster();
		for (int q = 0; q < byCluster.size(); q++)
			assertEquals(q, byCluster.get(q).cluster());
	}

	@Test
	void sameSeedSameResult() {
		final ImageFeatures a = image(4), b = image(5);
		final CorrespondenceSettings s = CorrespondenceSettings.defaults().withSeed(42);
		assertEquals(Correspondences.find(a, b, s).pairs(), Correspondences.find(a, b, s).pairs());
	}

	@Test
	void fewerSurvivorsThanNumPairsGivesEverySurvivor() {
		final CorrespondenceResult r = Correspondences.find(image(6), image(7),
			CorrespondenceSettings.defaults().withNumPairs(10_000));
		assertEquals(r.numSalientBuddies(), r.size());
	}

	@Test
	void representativeIsTheMostSalientPairOfEachClusterWithTiesToTheLowestAIndex() {
		final int n = 12 * 16;
		final float[] data = TestFeatures.gaussian(n, D, 8);
		final float[] sal = TestFeatures.constant(n, 0.5f);
		sal[40] = 0.9f; // cluster 40 % 3 = 1
		final ImageFeatures a = TestFeatures.features(52, 68, D, data, sal, 68, 52);
		// Self-matching: pair p is patch kept[p] = p; clusters by patch index mod 3.
		final PairClusterer byIndex = (x, count, d, k, seed) -> {
			final int[] labels = new int[count];
			for (int p = 0; p < count; p++)
				labels[p] = p % 3;
			return labels;
		};
		final CorrespondenceResult r = Correspondences.find(a, a, CorrespondenceSettings.defaults().withNumPairs(3),
			byIndex);
		assertEquals(3, r.size());
		assertEquals(40, r.pairs().get(0).a().index());
		assertEquals(0, r.pairs().get(1).a().index(), "tie at 0.5: lowest index of cluster 0");
		assertEquals(2, r.pairs().get(2).a().index(), "tie at 0.5: lowest index of cluster 2");
	}

	@Test
	void noSurvivorGivesAnEmptyResultWithAReason() {
		final CorrespondenceResult r = Correspondences.find(image(9), image(10),
			CorrespondenceSettings.defaults().withSaliencyThreshold(1f));
		assertTrue(r.isEmpty());
		assertTrue(r.emptyReason().orElseThrow().contains("saliency"), r.emptyReason().orElseThrow());
		assertTrue(r.numBestBuddies() > 0);
	}

	@Test
	void missingSaliencyOrDimensionMismatchIsAnError() {
		final ImageFeatures a = image(11);
		final ImageFeatures noSaliency = TestFeatures.features(52, 68, D, a.descriptors().data(), null, 100, 75);
		assertThrows(IllegalArgumentException.class,
			() -> Correspondences.find(a, noSaliency, CorrespondenceSettings.defaults()));
		final ImageFeatures other = TestFeatures.features(52, 68, 7, new float[12 * 16 * 7], a.saliency(), 100, 75);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Correspondences.find(a, other, CorrespondenceSettings.defaults()));
		assertTrue(e.getMessage().contains("24") && e.getMessage().contains("7"), e.getMessage());
	}

	@Test
	void pairsCarryBothPixelFrames() {
		// Original 113 x 75 resized to 85 x 56 (short side 56): grid 13 x 20 at stride 4, patch 8.
		// (PixelFramesTest covers 451 x 300 -> 337 x 224.)
		final int n = 13 * 20, d = 8;
		final float[] data = TestFeatures.gaussian(n, d, 12);
		final ImageFeatures a = TestFeatures.features(56, 85, d, data, TestFeatures.constant(n, 1f), 113, 75);
		final CorrespondenceResult r = Correspondences.find(a, a, CorrespondenceSettings.defaults());
		assertEquals(10, r.size());
		for (final PointPair p : r.pairs()) {
			final PatchLocation l = p.a();
			assertEquals(l.col() * 4 + 4, l.resizedX(), 0);
			assertEquals(l.row() * 4 + 4, l.resizedY(), 0);
			assertEquals((l.col() * 4 + 4) * 113.0 / 85.0, l.originalX(), 1e-9);
			assertEquals((l.row() * 4 + 4) * 75.0 / 56.0, l.originalY(), 1e-9);
			assertEquals(l, p.b());
		}
	}

	@Test
	void oneWayMatchingFindsThePlantedPatch() {
		final int n = 12 * 16;
		final float[] a = TestFeatures.gaussian(n, D, 13);
		final int[] perm = TestFeatures.permutation(n, 14);
		final ImageFeatures fa = TestFeatures.features(52, 68, D, a, null, 100, 75);
		// B: same grid, different original size (200 x 150), rows permuted with noise.
		final ImageFeatures fb = TestFeatures.features(52, 68, D, TestFeatures.permutedRows(a, D, perm, 0.01, 15),
			null, 200, 150);
		final int[] inverse = new int[n];
		for (int j = 0; j < n; j++)
			inverse[perm[j]] = j;
		// (10.3, 20.9) original -> resized (7.004, 14.49) -> col round(0.75) = 1, row round(2.62) = 3.
		final List<MatchedPoint> m = Correspondences.matchPoints(fa, fb, List.of(new double[] { 10.3, 20.9 },
			new double[] { 0, 0 }, new double[] { 100, 75 }));
		assertEquals(3, m.size());
		assertEquals(3 * 16 + 1, m.get(0).source().index());
		assertEquals(0, m.get(1).source().index());
		assertEquals(n - 1, m.get(2).source().index());
		for (final MatchedPoint p : m) {
			final int expected = inverse[p.source().index()];
			assertEquals(expected, p.target().index());
			assertEquals((expected % 16 * 4 + 4) * 200.0 / 68.0, p.target().originalX(), 1e-9);
			assertEquals((expected / 16 * 4 + 4) * 150.0 / 52.0, p.target().originalY(), 1e-9);
			assertTrue(p.similarity() > 0.99f);
		}
		assertEquals(10.3, m.get(0).queryX());
		assertThrows(IllegalArgumentException.class,
			() -> Correspondences.matchPoints(fa, fb, List.<double[]>of(new double[] { 101, 3 })));
	}
}
