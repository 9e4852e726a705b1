package sc.fiji.dinovit.algorithms.coseg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.IntBinaryOperator;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.algorithms.foreground.Voting;
import sc.fiji.dinovit.testutil.CancellingProgress;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

class CosegmentationTest {

	private static final float[] FG_SALIENT = { 0.9f, 0.01f, 0.02f, 0.01f };

	/** Fast settings for small synthetic sets: all patches train, fewer restarts are not needed. */
	private static CosegmentationSettings.Builder fast() {
		return CosegmentationSettings.builder().sampleInterval(1).kMax(6);
	}

	private static final int[][] SIZES = { { 40, 40 }, { 48, 36 }, { 52, 44 } };
	private static final IntBinaryOperator[] PLANTS = { SyntheticSets.rectangle(2, 5, 3, 6, 9), SyntheticSets
		.rectangle(1, 4, 1, 4, 11), SyntheticSets.rectangle(4, 8, 6, 10, 12) };

	private static List<CosegInput> plantedSet(final int originalScale) {
		final List<CosegInput> set = new ArrayList<>();
		for (int i = 0; i < SIZES.length; i++)
			set.add(SyntheticSets.image(SIZES[i][0], SIZES[i][1], PLANTS[i], FG_SALIENT, null, 10 + i, SIZES[i][0] *
				originalScale, SIZES[i][1] * originalScale));
		return set;
	}

	@Test
	void plantedClustersGiveExactVotesAndMasks() {
		final List<CosegInput> set = plantedSet(2);
		final CosegmentationResult r = Cosegmentation.run(set, fast().grabCut(false).build(), Progress.NONE);
		assertEquals(3, r.size());
		assertEquals(3, r.votesNeeded());
		assertEquals(3, r.inlierCount());
		// Each planted cluster is one label (or, where the elbow's extra k splits one, two labels).
		for (int i = 0; i < set.size(); i++) {
			final ImageCosegmentation im = r.image(i);
			final PatchGrid grid = set.get(i).grid();
			final boolean[] planted = SyntheticSets.plantedMask(grid, PLANTS[i], 0);
			final int[] labels = im.patchLabels();
			for (int p = 0; p < labels.length; p++)
				assertEquals(planted[p], r.isSalient(labels[p]), "image " + i + " patch " + p);
			final boolean[] expected = MaskGeometry.patchesToPixels(planted, grid);
			assertArrayEquals(expected, im.coarseMask().toArray());
			assertArrayEquals(expected, im.resizedMask().toArray());
			assertEquals(GrabCutOutcome.SKIPPED, im.grabCut());
			assertEquals(grid.width() * 2, im.mask().width());
			assertArrayEquals(NearestResize.resize(expected, grid.width(), grid.height(), grid.width() * 2, grid
				.height() * 2), im.mask().toArray());
			assertFalse(im.outlier());
			assertTrue(Double.isNaN(im.clsSimilarity()));
		}
		// Votes: every salient label got all 3 votes, every other label none.
		for (int l = 0; l < r.k(); l++)
			assertEquals(r.isSalient(l) ? 3 : 0, r.votes()[l], "label " + l);
	}

	@Test
	void elbowKeepsTheKThatTriggeredTheStop() {
		final CosegmentationResult r = Cosegmentation.run(plantedSet(1), fast().grabCut(false).build(), Progress.NONE);
		final double[] e = r.objectives();
		// Three planted clusters: k = 2 and 3 improve by far more than 2.5 %, k = 4 does not and is kept.
		assertEquals(4, r.k(), () -> Arrays.toString(e));
		assertEquals(4, e.length);
		assertTrue(e[1] < 0.975 * e[0]);
		assertTrue(e[2] < 0.975 * e[1]);
		assertTrue(e[3] > 0.975 * e[2]);
		assertTrue(r.elbowRuleFired());
		assertEquals(Arrays.stream(SIZES).mapToInt(s -> PatchGrid.of(s[1], s[0], 8, 4).numPatches()).sum(), r
			.trainingPoints());
	}

	@Test
	void grabCutOnCleanColoursKeepsTheMaskAndReportsRefinement() {
		final List<CosegInput> set = plantedSet(1);
		final CosegmentationResult r = Cosegmentation.run(set, fast().build(), Progress.NONE);
		for (int i = 0; i < set.size(); i++) {
			final ImageCosegmentation im = r.image(i);
			assertEquals(GrabCutOutcome.REFINED, im.grabCut());
			assertEquals(im.coarseMask(), im.resizedMask(), "image " + i);
			assertEquals(im.resizedMask(), im.mask());
		}
	}

	@Test
	void emptyMaskFallsBackAndSaysSo() {
		// Nothing is salient anywhere: GrabCut has no foreground samples and falls back.
		final float[] flat = { 0.01f, 0.01f, 0.01f };
		final List<CosegInput> set = List.of(SyntheticSets.image(40, 40, PLANTS[0], flat, null, 1, 40, 40));
		final CosegmentationResult r = Cosegmentation.run(set, fast().build(), Progress.NONE);
		assertEquals(0, r.salientLabels().length);
		assertEquals(GrabCutOutcome.FELL_BACK, r.image(0).grabCut());
		assertTrue(r.image(0).mask().isEmpty());
		assertTrue(r.summary().contains("fell back on 1"), r.summary());
	}

	@Test
	void votesNeededIsTheCeilingOfThePercentage() {
		assertEquals(1, Voting.votesNeeded(1, 75));
		assertEquals(2, Voting.votesNeeded(2, 75));
		assertEquals(3, Voting.votesNeeded(4, 75));
		assertEquals(8, Voting.votesNeeded(10, 75));
		assertEquals(5, Voting.votesNeeded(10, 50));
		assertEquals(10, Voting.votesNeeded(10, 100));
		assertThrows(IllegalArgumentException.class, () -> Voting.votesNeeded(0, 75));
	}

	@Test
	void voteNeedsStrictlyMoreThanTheThresholdAndAbsentLabelsGetNaN() {
		final double[] mean = Voting.meanSaliencyPerLabel(new int[] { 9, 0, 0, 2, 9 }, 1, new float[] { 0.5f, 0.5f,
			0.2f }, 3);
		assertEquals(0.5, mean[0]);
		assertTrue(Double.isNaN(mean[1]));
		assertEquals(0.2f, mean[2], 0);
		assertFalse(Voting.votes(mean[0], 0.5));
		assertTrue(Voting.votes(mean[0], 0.4999));
		assertFalse(Voting.votes(mean[1], -1));
	}

	@Test
	void absentLabelsDoNotVote() {
		// Clusters 0 and 1 appear in all 4 images, cluster 2 only in images 0 and 1. With a threshold
		// below every saliency each present label votes: 0 and 1 get 4 votes, 2 gets 2 < ceil(4 * 0.75).
		final float[] s = { 0.5f, 0.4f, 0.6f };
		final List<CosegInput> set = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			final boolean hasTwo = i < 2;
			set.add(SyntheticSets.image(40, 40, (r, c) -> r < 4 ? 0 : hasTwo && c >= 5 ? 2 : 1, s, null, 20 + i, 40, 40));
		}
		final CosegmentationResult r = Cosegmentation.run(set, fast().kMax(3).saliencyThreshold(-0.5).grabCut(false)
			.build(), Progress.NONE);
		assertEquals(3, r.k());
		assertEquals(3, r.votesNeeded());
		final int[] labels0 = r.image(0).patchLabels();
		final PatchGrid g = set.get(0).grid();
		final int l0 = labels0[g.index(0, 0)], l1 = labels0[g.index(8, 0)], l2 = labels0[g.index(8, 8)];
		assertEquals(4, r.votes()[l0]);
		assertEquals(4, r.votes()[l1]);
		assertEquals(2, r.votes()[l2]);
		assertFalse(r.isSalient(l2));
		assertTrue(Double.isNaN(r.image(3).labelSaliency()[l2]));
		// The patches of cluster 2 are background, all others foreground.
		for (int p = 0; p < labels0.length; p++)
			assertEquals(labels0[p] != l2, r.image(0).coarseMask().get((int) g.centerX(g.colOf(p)), (int) g.centerY(g
				.rowOf(p))));
	}

	@Test
	void outliersKeepTheirPlaceAndGetEmptyMasks() {
		// Images 1 and 4 (the last) are outliers. The reference's re-insertion loop runs over the inlier
		// count and would return 3 results, losing images 3 and 4.
		final List<CosegInput> set = new ArrayList<>();
		final boolean[] isOutlier = { false, true, false, false, true };
		for (int i = 0; i < isOutlier.length; i++) {
			final float[] cls = SyntheticSets.unit(SyntheticSets.DIM, isOutlier[i] ? 1 : 0, 0.01f, 100 + i);
			// Outliers get a cluster of their own that would change k if they were clustered.
			final IntBinaryOperator plant = isOutlier[i] ? (r, c) -> 3 : PLANTS[0];
			set.add(SyntheticSets.image(40, 40, plant, FG_SALIENT, cls, 30 + i, 60, 50));
		}
		final CosegmentationSettings s = fast().removeOutliers(true).grabCut(false).build();
		final CosegmentationResult r = Cosegmentation.run(set, s, Progress.NONE);
		assertEquals(5, r.size());
		assertArrayEquals(new int[] { 1, 4 }, r.outlierIndices());
		assertEquals(3, r.inlierCount());
		assertEquals(3, r.votesNeeded()); // ceil(3 * 0.75), not ceil(5 * 0.75) = 4
		final CosegmentationResult inliersOnly = Cosegmentation.run(List.of(set.get(0), set.get(2), set.get(3)), s
			.toBuilder().removeOutliers(false).build(), Progress.NONE);
		assertEquals(inliersOnly.k(), r.k());
		int j = 0;
		for (int i = 0; i < 5; i++) {
			final ImageCosegmentation im = r.image(i);
			assertEquals(isOutlier[i], im.outlier());
			assertEquals(60, im.mask().width());
			assertEquals(50, im.mask().height());
			if (isOutlier[i]) {
				assertTrue(im.mask().isEmpty());
				assertNull(im.patchLabels());
				assertTrue(im.clsSimilarity() < 0.7);
			}
			else {
				assertTrue(im.clsSimilarity() >= 0.7);
				assertFalse(im.mask().isEmpty());
				assertEquals(inliersOnly.image(j++).mask(), im.mask());
			}
		}
	}

	@Test
	void outlierRemovalNeedsClsAndSomeInlier() {
		final List<CosegInput> noCls = plantedSet(1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cosegmentation.run(
			noCls, fast().removeOutliers(true).build(), Progress.NONE));
		assertTrue(e.getMessage().contains("[CLS]"), e.getMessage());
		// Opposite [CLS] vectors: their mean is zero, so neither reaches the threshold.
		final float[] minus = SyntheticSets.unit(SyntheticSets.DIM, 0, 0, 1);
		minus[0] = -1;
		final List<CosegInput> opposite = List.of(SyntheticSets.image(40, 40, PLANTS[0], FG_SALIENT, SyntheticSets.unit(
			SyntheticSets.DIM, 0, 0, 1), 1, 40, 40), SyntheticSets.image(40, 40, PLANTS[0], FG_SALIENT, minus, 2, 40, 40));
		final IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> Cosegmentation.run(
			opposite, fast().removeOutliers(true).build(), Progress.NONE));
		assertTrue(all.getMessage().contains("All 2 images are outliers"), all.getMessage());
	}

	@Test
	void emptySetIsAClearErrorAndOneImageWorks() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cosegmentation.run(List
			.of(), CosegmentationSettings.defaults(), Progress.NONE));
		assertTrue(e.getMessage().contains("at least one image"), e.getMessage());
		final CosegmentationResult one = Cosegmentation.run(List.of(plantedSet(1).get(0)), fast().grabCut(false)
			.build(), Progress.NONE);
		assertEquals(1, one.votesNeeded());
		assertArrayEquals(MaskGeometry.patchesToPixels(SyntheticSets.plantedMask(one.image(0).grid(), PLANTS[0], 0), one
			.image(0).grid()), one.image(0).mask().toArray());
	}

	@Test
	void sameSeedSameResult() {
		final CosegmentationSettings s = fast().kMax(5).sampleInterval(3).seed(7).build();
		final CosegmentationResult a = Cosegmentation.run(plantedSet(1), s, Progress.NONE);
		final CosegmentationResult b = Cosegmentation.run(plantedSet(1), s.toBuilder().threads(3).build(),
			Progress.NONE);
		assertArrayEquals(a.objectives(), b.objectives());
		for (int i = 0; i < a.size(); i++) {
			assertArrayEquals(a.image(i).patchLabels(), b.image(i).patchLabels());
			assertEquals(a.image(i).mask(), b.image(i).mask());
		}
	}

	@Test
	void cancellationThrowsAtEveryCheck() {
		final List<CosegInput> set = plantedSet(1);
		final CosegmentationSettings s = fast().build();
		final CancellingProgress counting = CancellingProgress.after(Integer.MAX_VALUE);
		Cosegmentation.run(set, s, counting);
		final int total = counting.questions();
		assertTrue(total >= 8, "checks: " + total); // start, training, one per k, after k-means, per image
		for (int after = 0; after < total; after++) {
			final int a = after;
			assertThrows(CancellationException.class, () -> Cosegmentation.run(set, s, CancellingProgress.after(a)),
				"cancelled at check " + after);
		}
	}

	@Test
	void mixedDimensionsAreAClearError() {
		final CosegInput a = plantedSet(1).get(0);
		final CosegInput b = CosegInput.of(new sc.fiji.dinovit.features.Descriptors(a.grid(), 2, new float[a.grid()
			.numPatches() * 2], null, false), a.saliency(), a.resizedImage(), 40, 40);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cosegmentation.run(List
			.of(a, b), fast().build(), Progress.NONE));
		assertTrue(e.getMessage().contains("same model"), e.getMessage());
	}

	@Test
	void defaultsAreThePapers() {
		final CosegmentationSettings d = CosegmentationSettings.defaults();
		assertEquals(11, d.layer());
		assertEquals(sc.fiji.dinovit.vit.Facet.KEY, d.facet());
		assertEquals(4, d.stride());
		assertEquals(224, d.loadSize());
		assertFalse(d.bin());
		assertEquals(0.065, d.saliencyThreshold());
		assertEquals(75, d.votesPercentage());
		assertEquals(0.975, d.elbow());
		assertEquals(14, d.kMax());
		assertEquals(100, d.sampleInterval());
		assertTrue(d.lowResSaliency());
		assertFalse(d.removeOutliers());
		assertEquals(0.7, d.outlierThreshold());
		assertTrue(d.grabCut());
		assertNull(d.saliencyHeads());
		assertEquals(d, d.toBuilder().build());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> CosegmentationSettings.builder().votesPercentage(
			0).build()).getMessage().contains("75"));
	}
}
