package sc.fiji.dinovit.algorithms.parts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.algorithms.cluster.ConcatenatedSource;
import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource;
import sc.fiji.dinovit.algorithms.foreground.SalientClusters;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

class PartHelpersTest {

	@Test
	void pixelsTakeTheirNearestPatchCentre() {
		// 24 px, patch 8, stride 4: 5 patches with centres at 4, 8, 12, 16, 20.
		final PatchGrid grid = PatchGrid.of(24, 24, 8, 4);
		final int[] patchOf = PartGeometry.patchOfPixel(grid);
		final int[] expectedCol = new int[24];
		for (int x = 0; x < 24; x++)
			expectedCol[x] = Math.max(0, Math.min(4, (int) Math.round((x + 0.5 - 4) / 4)));
		for (int x = 0; x < 24; x++)
			assertEquals(expectedCol[x], patchOf[x], "pixel " + x);
		assertEquals(0, patchOf[5]); // centre 5.5 is nearer 4 than 8
		assertEquals(1, patchOf[6]);
		assertEquals(4, patchOf[23]);
		assertEquals(grid.index(4, 4), patchOf[24 * 24 - 1]);
		// The reference's PyTorch nearest would give floor(23 * 5 / 24) = 4 too, but floor(5 * 5 / 24) = 1.
	}

	@Test
	void patchCentresSampleTheirOwnPixel() {
		final PatchGrid grid = PatchGrid.of(24, 32, 8, 4);
		final int[] pixels = new int[24 * 32];
		for (int y = 0; y < 24; y++)
			for (int x = 0; x < 32; x++)
				pixels[y * 32 + x] = y * 1000 + x;
		final int[] g = PartGeometry.sampleAtPatchCentres(pixels, grid);
		assertEquals(4 * 1000 + 4, g[0]);
		assertEquals(20 * 1000 + 28, g[grid.numPatches() - 1]);
		// Round trip: labels painted by nearest patch centre come back unchanged.
		final int[] patchOf = PartGeometry.patchOfPixel(grid);
		assertArrayEquals(identity(grid.numPatches()), PartGeometry.sampleAtPatchCentres(patchOf, grid));
	}

	@Test
	void originalGridUsesCentreAlignedNearest() {
		final int[] labels = { 1, 2, 3, 4 }; // 2 x 2
		assertArrayEquals(new int[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, PartGeometry.toOriginal(labels, 2,
			2, 4, 4));
		assertArrayEquals(new int[] { 1, 2, 2 }, PartGeometry.toOriginal(new int[] { 1, 2 }, 2, 1, 3, 1));
		assertArrayEquals(new int[] { 4 }, PartGeometry.toOriginal(labels, 2, 2, 1, 1));
	}

	@Test
	void commonPartsArePresentInEveryImage() {
		final boolean[] common = CommonParts.find(List.of(new int[] { 0, 1, 3 }, new int[] { 1, 0, 0 }, new int[] { 2,
			1, 0 }), 3);
		assertArrayEquals(new boolean[] { true, true, false }, common);
		assertArrayEquals(new boolean[] { false, false }, CommonParts.find(List.of(new int[] { 2, 2 }), 2));
	}

	@Test
	void partsAreOrderedByAreaThenCentroid() {
		final float[] centroids = { 0, 1, /* */ 0, 0, /* */ 1, 0, /* */ 0, 0 };
		assertArrayEquals(new int[] { 2, 1, 3, 0 }, PartOrder.byAreaThenCentroid(new long[] { 5, 7, 9, 7 }, centroids,
			2));
		assertArrayEquals(new int[] { 1, 3, 0, 2 }, PartOrder.byAreaThenCentroid(new long[] { 0, 0, 0, 0 },
			centroids, 2));
	}

	@Test
	void emptyCentroidsAreDroppedWithoutGaps() {
		final float[] c = { 1, 1, 2, 2, 3, 3, 4, 4 };
		final PartCentroids p = PartCentroids.occupied(c, 2, new int[] { 3, 0, 5, 0 });
		assertEquals(2, p.count());
		assertEquals(2, p.dropped());
		assertEquals(0, p.kmeansIndex(0));
		assertEquals(2, p.kmeansIndex(1));
		assertArrayEquals(new float[] { 1, 1, 3, 3 }, p.centroids());
	}

	@Test
	void energiesAreDistancesMinusThePatchMaximumWithAnOptionalBackgroundColumn() {
		final float[] unit = { 1, 0, /* */ 0, 1 };
		final float[] parts = { 1, 0 };
		final float[] bg = { 0, 1, /* */ -1, 0 };
		final float[] e = PartLabeller.gridEnergies(unit, 2, 2, parts, bg);
		// patch 0: part 0, bg min(2, 4) = 2 -> max 2; patch 1: part 2, bg 0 -> max 2.
		assertArrayEquals(new float[] { -2, 0, 0, -2 }, e);
		assertArrayEquals(new float[] { 0, 0 }, PartLabeller.gridEnergies(unit, 2, 2, parts, new float[0]));
		assertArrayEquals(new int[] { 0, 1 }, PartLabeller.argmin(e, 2, 2));
	}

	@Test
	void selectedUnitRowsReadAcrossImagesAndTrainEveryNthPerImage() {
		final List<DescriptorSource> images = List.of(DescriptorSource.of(new float[] { 3, 4, 0, 2 }, 2),
			DescriptorSource.of(new float[] { 0, 0, 5, 0, 0, 7, 6, 8 }, 2));
		final List<DescriptorSource> chosen = List.of(SelectedRows.where(new L2NormalizedSource(images.get(0)), new boolean[] {
			false, false }), SelectedRows.where(new L2NormalizedSource(images.get(1)), new boolean[] { true, false, true, true }));
		final ConcatenatedSource all = new ConcatenatedSource(chosen);
		assertEquals(3, all.count());
		// Zero rows stay zero, the others come back unit length; runs of rows and gaps read alike.
		assertArrayEquals(new float[] { 0, 0, 0, 1, 0.6f, 0.8f }, DescriptorRows.readAll(all));
		final DescriptorSource.RowBlock b = all.rows(1, 2, new float[4]);
		assertEquals(1f, b.data()[b.offset() + 1]);
		assertEquals(0.8f, b.data()[b.offset() + 3]);
		assertArrayEquals(new float[] { 0.6f, 0.8f, 0, 1 }, DescriptorRows.readAll(new L2NormalizedSource(images.get(0))));
		// Every 2nd row restarts at 0 in every image: rows 0 and 2 of image 1's selection.
		assertArrayEquals(new float[] { 0, 0, 0.6f, 0.8f }, all.everyNthOfEachPart(2));
		assertThrows(IllegalArgumentException.class, () -> SelectedRows.where(images.get(0), new boolean[3]));
	}

	@Test
	void selectedRowsReadRunsGapsAndConsecutiveBlocks() {
		final float[] data = new float[10 * 2];
		for (int i = 0; i < data.length; i++)
			data[i] = i;
		final float[] before = data.clone();
		final boolean[] keep = { true, true, false, true, true, true, false, false, true, false };
		final SelectedRows view = SelectedRows.where(DescriptorSource.of(data, 2), keep);
		assertEquals(6, view.count());
		// Rows 0, 1, 3, 4, 5, 8 of the source: two runs and a single row, read in one call.
		assertArrayEquals(new float[] { 0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 16, 17 }, DescriptorRows.readAll(view));
		// Rows 3..5 are consecutive in the source: read in one piece; a gap in the middle still reads.
		final DescriptorSource.RowBlock run = view.rows(2, 3, new float[6]);
		assertArrayEquals(new float[] { 6, 7, 8, 9, 10, 11 }, java.util.Arrays.copyOfRange(run.data(), run.offset(),
			run.offset() + 6));
		final float[] scratch = new float[4];
		final DescriptorSource.RowBlock gap = view.rows(4, 2, scratch);
		assertArrayEquals(new float[] { 10, 11, 16, 17 }, java.util.Arrays.copyOfRange(gap.data(), gap.offset(), gap
			.offset() + 4));
		assertSame(scratch, view.rows(6, 0, scratch).data());
		assertThrows(IndexOutOfBoundsException.class, () -> view.rows(5, 2, new float[4]));
		assertArrayEquals(before, data, "source untouched");
	}

	@Test
	void labelsPackIntoBytesAndAreasCountOriginalPixels() {
		final PackedLabels small = PackedLabels.of(new int[] { 0, 255, 3, 1 }, 255);
		assertArrayEquals(new int[] { 0, 255, 3, 1 }, small.toArray());
		final int[] newLabel = new int[256];
		newLabel[0] = 9;
		newLabel[255] = 1;
		newLabel[3] = 5;
		newLabel[1] = 300; // beyond a byte: packed as ints
		assertArrayEquals(new int[] { 9, 1, 5, 300 }, small.relabelled(newLabel).toArray());
		// A 3 x 2 resized map shown at 7 x 5 original pixels: the areas equal counting the mapped image.
		final int[] resized = { 0, 1, 2, 2, 1, 0 };
		final int[] original = PartGeometry.toOriginal(resized, 3, 2, 7, 5);
		final long[] areas = PartGeometry.originalAreas(PackedLabels.of(resized, 2), 3, 2, 7, 5, 3);
		for (int l = 0; l < 3; l++) {
			final int label = l;
			assertEquals(Arrays.stream(original).filter(v -> v == label).count(), areas[l], "label " + l);
		}
		final PartLabelImage image = new PartLabelImage(7, 5, 3, 2, PackedLabels.of(resized, 2));
		assertArrayEquals(original, image.labels());
		for (int y = 0; y < 5; y++)
			for (int x = 0; x < 7; x++)
				assertEquals(original[y * 7 + x], image.get(x, y));
		assertEquals(areas[1], image.count(1));
	}

	@Test
	void votesNeededAreCeilOfNTimesPercentage() {
		final PlantedParts planted = new PlantedParts(3);
		final List<PartInput> four = List.of(planted.image(1, true), planted.image(2, true), planted.image(3, true),
			planted.image(4, true));
		final List<DescriptorSource> unit = four.stream().map(i -> (DescriptorSource) new L2NormalizedSource(i.descriptors()))
			.toList();
		final List<float[]> sal = four.stream().map(PartInput::saliency).toList();
		final SalientClusters s = SalientClusters.find(unit, sal, ElbowSearch.reference(0.975), 1,
			0.065, 75, Progress.NONE);
		assertEquals(3, s.votesNeeded());
		// Non-voting images (augmentations) do not count in N.
		final List<float[]> twoVoters = new java.util.ArrayList<>(sal);
		twoVoters.set(0, null);
		twoVoters.set(1, null);
		assertEquals(2, SalientClusters.find(unit, twoVoters, ElbowSearch.reference(0.975), 1, 0.065,
			75, Progress.NONE).votesNeeded());
		for (int c = 0; c < s.k(); c++) {
			final boolean anyForeground = s.isSalient(c);
			assertEquals(anyForeground, s.votes()[c] == 4, "planted clusters are all-or-nothing salient");
		}
	}

	private static int[] identity(final int n) {
		final int[] a = new int[n];
		for (int i = 0; i < n; i++)
			a[i] = i;
		return a;
	}
}
