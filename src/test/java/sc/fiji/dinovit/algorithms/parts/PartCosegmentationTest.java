package sc.fiji.dinovit.algorithms.parts;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.dinovit.algorithms.parts.PlantedParts.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.testutil.CancellingProgress;
import sc.fiji.dinovit.util.Progress;

class PartCosegmentationTest {

	private static final PartCosegmentationSettings SETTINGS = PartCosegmentationSettings.builder().numParts(3)
		.sampleInterval(1).build();

	private static List<PartInput> threeImages(final PlantedParts planted, final boolean cInLast) {
		return List.of(planted.image(1, true), planted.image(2, true), planted.image(3, cInLast));
	}

	/** Fraction of the pixels of a planted region that carry the expected label. */
	private static double agreement(final PartLabelImage labels, final int[] regions, final int region,
		final int expected)
	{
		final int[] l = labels.labels();
		int n = 0, ok = 0;
		for (int i = 0; i < regions.length; i++)
			if (regions[i] == region) {
				n++;
				if (l[i] == expected) ok++;
			}
		return ok / (double) n;
	}

	@Test
	void recoversPlantedPartsWithTheSameIdsInEveryImageOrderedByArea() {
		final PartCosegmentationResult r = PartCosegmentation.run(threeImages(new PlantedParts(7), true), SETTINGS,
			Progress.NONE);
		assertEquals(3, r.numParts());
		assertEquals(3, r.labels().size());
		final int[] regions = originalRegions(true);
		for (final PartLabelImage img : r.labels()) {
			assertEquals(ORIGINAL, img.width());
			assertEquals(ORIGINAL, img.height());
			// Ids by descending area: A (largest) = 1, B = 2, C = 3; background = 0.
			assertTrue(agreement(img, regions, A, 1) > 0.9, "A");
			assertTrue(agreement(img, regions, B, 2) > 0.9, "B");
			assertTrue(agreement(img, regions, C, 3) > 0.8, "C");
			assertTrue(agreement(img, regions, BG_LEFT, 0) > 0.95, "background left");
			assertTrue(agreement(img, regions, BG_RIGHT, 0) > 0.95, "background right");
		}
		final PartDiagnostics d = r.diagnostics();
		assertFalse(d.backgroundFallbackUsed());
		assertEquals(3, d.stage2K());
		assertTrue(d.stage1K() >= 5, "stage 1 finds at least the 5 planted clusters, got " + d.stage1K());
		final long[] areas = d.partAreas();
		assertTrue(areas[0] > areas[1] && areas[1] > areas[2], Arrays.toString(areas));
		assertEquals(3 * DIM, d.partCentroids().length);
		final int[] sorted = d.partCentroidIndices().clone();
		Arrays.sort(sorted);
		assertArrayEquals(new int[] { 0, 1, 2 }, sorted);
		assertEquals(3, d.stage1VotesNeeded()); // ceil(3 * 0.75)
	}

	@Test
	void withoutCrfEachPixelTakesItsNearestPatchsPart() {
		final PartCosegmentationResult r = PartCosegmentation.run(threeImages(new PlantedParts(7), true), SETTINGS
			.toBuilder().crf(false).build(), Progress.NONE);
		final int[] regions = originalRegions(true);
		for (final PartLabelImage img : r.labels()) {
			assertEquals(1.0, agreement(img, regions, A, 1));
			assertEquals(1.0, agreement(img, regions, B, 2));
			assertEquals(1.0, agreement(img, regions, C, 3));
			assertEquals(1.0, agreement(img, regions, BG_LEFT, 0));
		}
	}

	@Test
	void sameInputsAndSeedGiveTheSameResult() {
		final List<PartInput> in = threeImages(new PlantedParts(11), true);
		final PartCosegmentationResult a = PartCosegmentation.run(in, SETTINGS, Progress.NONE);
		final PartCosegmentationResult b = PartCosegmentation.run(in, SETTINGS, Progress.NONE);
		for (int i = 0; i < 3; i++)
			assertArrayEquals(a.labels(i).labels(), b.labels(i).labels());
		assertArrayEquals(a.diagnostics().partCentroids(), b.diagnostics().partCentroids());
		assertArrayEquals(a.diagnostics().partCentroidIndices(), b.diagnostics().partCentroidIndices());
	}

	@Test
	void identicalImagesGetIdenticalLabels() {
		final PlantedParts planted = new PlantedParts(5);
		final PartInput img = planted.image(1, true);
		final PartCosegmentationResult r = PartCosegmentation.run(List.of(img, planted.image(2, true), img), SETTINGS,
			Progress.NONE);
		assertArrayEquals(r.labels(0).labels(), r.labels(2).labels());
	}

	@Test
	void emptyBackgroundSetDoesNotCrashAndLabelsEveryPixelWithAPart() {
		final PlantedParts planted = new PlantedParts(7);
		final List<PartInput> in = List.of(planted.image(1, true, 0.05, 1f), planted.image(2, true, 0.05, 1f));
		final PartCosegmentationResult r = PartCosegmentation.run(in, SETTINGS, Progress.NONE);
		final PartDiagnostics d = r.diagnostics();
		assertTrue(d.backgroundFallbackUsed());
		assertEquals(d.stage1K(), d.stage1SalientClusters().length);
		assertFalse(d.warnings().isEmpty());
		for (final PartLabelImage img : r.labels())
			assertEquals(0, img.count(0), "no background label without background centroids");
	}

	@Test
	void threeStageEmptyBackgroundSetDoesNotCrash() {
		final PlantedParts planted = new PlantedParts(7);
		final List<PartInput> in = List.of(planted.image(1, true, 0.05, 1f), planted.image(2, true, 0.05, 1f));
		final PartCosegmentationResult r = PartCosegmentation.run(in, SETTINGS.toBuilder().threeStages(true).build(),
			Progress.NONE);
		assertTrue(r.diagnostics().backgroundFallbackUsed());
		assertTrue(r.numParts() >= 1);
	}

	/** C is planted in the first two images only. */
	private static List<PartInput> cMissingFromTheLast() {
		return threeImages(new PlantedParts(7), false);
	}

	/**
	 * C is missing from the third image, so it is not a common part; with 50% votes it is still
	 * salient in stage 1 (2 of 3 votes), so it reaches stage 2 and must be removed by stage 3. Without
	 * the CRF, the stage-2 elbow's extra split of a planted part (salt and pepper) appears in every
	 * image, so exactly A and B are common.
	 */
	@Test
	void threeStagesKeepOnlyPartsPresentInEveryOriginal() {
		final PartCosegmentationSettings s = SETTINGS.toBuilder().threeStages(true).numParts(2).votesPercentage(50)
			.crf(false).build();
		final PartCosegmentationResult r = PartCosegmentation.run(cMissingFromTheLast(), s, Progress.NONE);
		final PartDiagnostics d = r.diagnostics();
		assertEquals(4, d.stage2K(), "elbow: 3 planted parts + the split that triggered the stop");
		assertEquals(4, d.stage2Parts());
		assertTrue(d.commonStage2Parts().length >= 2 && d.commonStage2Parts().length <= 3, d.toString());
		assertEquals(2, r.numParts());
		final int[] withC = originalRegions(true), withoutC = originalRegions(false);
		for (int i = 0; i < 2; i++) {
			assertEquals(1.0, agreement(r.labels(i), withC, A, 1));
			assertEquals(1.0, agreement(r.labels(i), withC, B, 2));
			assertEquals(1.0, agreement(r.labels(i), withC, C, 0), "C is not common: background");
			assertEquals(1.0, agreement(r.labels(i), withC, BG_LEFT, 0));
		}
		assertEquals(1.0, agreement(r.labels(2), withoutC, A, 1));
		assertEquals(1.0, agreement(r.labels(2), withoutC, B, 2));
	}

	@Test
	void threeStagesWithTheCrfTurnAPartMissingFromOneOriginalIntoBackground() {
		final PartCosegmentationSettings s = SETTINGS.toBuilder().threeStages(true).numParts(2).votesPercentage(50)
			.build();
		final PartCosegmentationResult r = PartCosegmentation.run(cMissingFromTheLast(), s, Progress.NONE);
		assertTrue(r.diagnostics().commonStage2Parts().length < r.diagnostics().stage2Parts());
		for (int i = 0; i < 2; i++)
			assertTrue(agreement(r.labels(i), originalRegions(true), C, 0) > 0.8, "C is not common: background");
	}

	@Test
	void augmentationsAddDescriptorsButNeitherVoteNorAppearInTheResult() {
		final PlantedParts planted = new PlantedParts(7);
		final PartInput aug = planted.image(9, true);
		final List<PartInput> in = new ArrayList<>(threeImages(planted, true));
		// N counts the 3 originals only: with the augmentation voting, 4 * 75% would need 3 votes too,
		// so check N through the threshold at 100%: 3 needed, not 4.
		in.add(1, PartInput.augmentation(aug.grid(), aug.descriptors(), aug::rgb));
		final PartCosegmentationResult r = PartCosegmentation.run(in, SETTINGS.toBuilder().votesPercentage(100).build(),
			Progress.NONE);
		assertEquals(3, r.labels().size());
		assertEquals(3, r.diagnostics().stage1VotesNeeded());
		assertTrue(agreement(r.labels(2), originalRegions(true), A, 1) > 0.9);
	}

	@Test
	void centroidsWithoutDescriptorsAreDroppedAndIdsHaveNoGaps() {
		// Noise-free: 3 distinct foreground vectors for 4 centroids, so one centroid stays empty.
		final PlantedParts planted = new PlantedParts(7);
		final List<PartInput> in = List.of(planted.image(1, true, 0, 0f), planted.image(2, true, 0, 0f));
		final PartCosegmentationResult r = PartCosegmentation.run(in, SETTINGS.toBuilder().numParts(4).crf(false)
			.build(), Progress.NONE);
		assertEquals(4, r.diagnostics().stage2K());
		assertEquals(3, r.numParts());
		assertEquals(1, r.diagnostics().emptyCentroidsDropped());
		for (final PartLabelImage img : r.labels())
			for (int id = 0; id <= 3; id++)
				assertTrue(img.count(id) > 0, "id " + id);
	}

	@Test
	void tooManyPartsGiveAClearMessage() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartCosegmentation.run(
			threeImages(new PlantedParts(7), true), SETTINGS.toBuilder().numParts(1000).build(), Progress.NONE));
		final int foreground = 3 * 10 * 11;
		assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("(" + foreground + ")"), e
			.getMessage());
	}

	@Test
	void noSalientClusterGivesAClearMessage() {
		final PlantedParts planted = new PlantedParts(7);
		final PartInput dark = planted.image(1, true);
		final PartInput unsalient = PartInput.original(dark.grid(), dark.descriptors(), new float[dark.grid()
			.numPatches()], dark::rgb, ORIGINAL, ORIGINAL);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartCosegmentation.run(
			List.of(unsalient), SETTINGS, Progress.NONE));
		assertTrue(e.getMessage().startsWith("No foreground"), e.getMessage());
	}

	@Test
	void cancellationStopsTheRun() {
		for (final int after : new int[] { 0, 3, 6 }) {
			final Progress cancelLater = CancellingProgress.after(after);
			assertThrows(CancellationException.class, () -> PartCosegmentation.run(threeImages(new PlantedParts(7),
				true), SETTINGS, cancelLater));
		}
	}

	@Test
	void inconsistentInputsAreRejected() {
		final PlantedParts planted = new PlantedParts(7);
		final PartInput a = planted.image(1, true);
		final PartInput other = PartInput.original(a.grid(), new float[a.grid().numPatches() * 8], 8, a.saliency(), a
			.rgb(), 10, 10);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PartCosegmentation.run(List.of(a, other),
			SETTINGS, Progress.NONE)).getMessage().contains("dimension 8"));
		final PartInput aug = PartInput.augmentation(a.grid(), a.descriptors(), a::rgb);
		assertThrows(IllegalArgumentException.class, () -> PartCosegmentation.run(List.of(aug), SETTINGS,
			Progress.NONE));
		assertThrows(IllegalArgumentException.class, () -> PartInput.original(a.grid(), a.descriptors(), null,
			a::rgb, 10, 10));
	}

	@Test
	void framesAreOneSetAndMustShareASize() {
		final PlantedParts planted = new PlantedParts(7);
		final List<PartInput> frames = List.of(planted.image(1, true), planted.image(2, true), planted.image(3,
			true));
		final PartCosegmentationResult r = PartCosegmentation.runFrames(frames, SETTINGS, Progress.NONE);
		assertEquals(3, r.labels().size());
		final PartInput a = frames.get(0);
		final PartInput small = PartInput.original(a.grid(), a.descriptors(), a.saliency(), a::rgb, 50, 50);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PartCosegmentation.runFrames(List.of(a, small),
			SETTINGS, Progress.NONE)).getMessage().contains("Frame 1"));
	}
}
