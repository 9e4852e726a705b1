package sc.fiji.dinovit.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.coseg.CosegInput;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationResult;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.coseg.ImageCosegmentation;
import sc.fiji.dinovit.algorithms.coseg.NearestResize;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.LanczosResizer;
import sc.fiji.dinovit.testutil.CancellingProgress;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;

/** Plumbing and invariance through the tiny random-weight DINO v1 ViT (patch 8, 3 layers, 2 heads). */
class CosegmentationPipelineTest {

	static VitModel model;
	static ByteImage chelsea;

	@BeforeAll
	static void load() throws IOException {
		model = ModelCache.load(Fixtures.path("models/v1_p8/official.pth"), Device.cpu());
		chelsea = Fixtures.png("images/chelsea.png"); // 451 x 300
	}

	@AfterAll
	static void close() {
		model.close();
	}

	/** load_size 64 (chelsea -> 96 x 64 px), stride 8 (8 x 12 patches), last layer of the tiny model. */
	private static CosegmentationSettings.Builder small() {
		return CosegmentationSettings.builder().layer(2).stride(8).loadSize(64).sampleInterval(5).kMax(6);
	}

	@Test
	void identicalImagesGetIdenticalMasksInTheirOriginalSize() {
		final CosegmentationResult r = new CosegmentationPipeline(model).run(List.of(chelsea, chelsea, chelsea), small()
			.saliencyThreshold(0.25).build(), Progress.NONE);
		assertEquals(3, r.size());
		final ImageCosegmentation first = r.image(0);
		assertEquals(451, first.mask().width());
		assertEquals(300, first.mask().height());
		assertEquals(96, first.resizedMask().width());
		assertEquals(64, first.resizedMask().height());
		assertEquals(8, first.grid().rows());
		assertEquals(12, first.grid().cols());
		for (final ImageCosegmentation im : r.images()) {
			assertArrayEquals(first.patchLabels(), im.patchLabels());
			assertEquals(first.mask(), im.mask());
		}
		for (final int v : r.votes())
			assertTrue(v == 0 || v == 3, r.summary());
		// With this threshold some but not all clusters of the random-weight features are salient.
		final double fg = first.mask().foregroundFraction();
		assertTrue(fg > 0 && fg < 1, r.summary());
		assertTrue(r.salientLabels().length > 0 && r.salientLabels().length < r.k(), r.summary());
	}

	/** Descriptors spilled to memory-mapped files (heap budget 0) give exactly the same result. */
	@Test
	void spilledDescriptorsGiveTheSameMasks() throws IOException {
		final List<ByteImage> set = List.of(chelsea, Fixtures.png("images/square224.png"), Fixtures.png(
			"images/small.png"));
		final CosegmentationSettings s = small().saliencyThreshold(0.25).build();
		final CosegmentationResult onHeap = new CosegmentationPipeline(model).memoryBudgetBytes(1L << 30).run(set, s,
			Progress.NONE);
		final CosegmentationResult spilled = new CosegmentationPipeline(model).memoryBudgetBytes(0).run(set, s,
			Progress.NONE);
		assertEquals(onHeap.k(), spilled.k());
		for (int i = 0; i < set.size(); i++) {
			assertArrayEquals(onHeap.image(i).patchLabels(), spilled.image(i).patchLabels());
			assertEquals(onHeap.image(i).mask(), spilled.image(i).mask());
		}
	}

	@Test
	void sameSeedSameMasks() throws IOException {
		final List<ByteImage> set = List.of(chelsea, Fixtures.png("images/square224.png"), Fixtures.png(
			"images/small.png"));
		final CosegmentationSettings s = small().loadSize(72).stride(4).build();
		final CosegmentationPipeline pipeline = new CosegmentationPipeline(model);
		final CosegmentationResult a = pipeline.run(set, s, Progress.NONE);
		final CosegmentationResult b = pipeline.run(set, s, Progress.NONE);
		assertArrayEquals(a.objectives(), b.objectives());
		assertArrayEquals(a.votes(), b.votes());
		for (int i = 0; i < set.size(); i++) {
			assertEquals(set.get(i).width(), a.image(i).mask().width());
			assertEquals(set.get(i).height(), a.image(i).mask().height());
			assertEquals(a.image(i).mask(), b.image(i).mask());
		}
	}

	@Test
	void lowResSaliencyIsTheHalfSizePassResizedToTheGrid() {
		final CosegmentationSettings s = small().build();
		final CosegInput in = new CosegmentationPipeline(model).prepare(chelsea, s, () -> false);
		assertEquals(96, in.grid().width());
		assertEquals(64, in.grid().height());
		// Independently: the original resized to exactly 48 x 32, stride = patch = 8 -> 4 x 6 patches.
		final ByteImage low = LanczosResizer.resize(chelsea, 48, 32);
		final ImageFeatures f = new FeatureExtractor(model).extract(low, ExtractionSettings.builder().layer(2).stride(8)
			.loadSize(0).saliency(true).build(), () -> false);
		assertEquals(4, f.grid().rows());
		assertEquals(6, f.grid().cols());
		final float[] expected = NearestResize.resize(f.saliency(), 6, 4, 12, 8);
		assertArrayEquals(expected, in.saliency());
		// Pillow nearest from 6 to 12 columns: each low-res value covers two grid cells.
		assertEquals(f.saliency()[0], in.saliency()[1]);
		assertEquals(f.saliency()[1], in.saliency()[2]);
		assertEquals(f.saliency()[6], in.saliency()[2 * 12]);
		assertFalse(in.hasCls());
	}

	@Test
	void fullResSaliencyComesFromTheDescriptorPass() {
		final CosegmentationSettings s = small().lowResSaliency(false).removeOutliers(true).build();
		final CosegInput in = new CosegmentationPipeline(model).prepare(chelsea, s, () -> false);
		final ImageFeatures f = new FeatureExtractor(model).extract(chelsea, ExtractionSettings.builder().layer(2)
			.stride(8).loadSize(64).saliency(true).includeCls(true).build(), () -> false);
		assertArrayEquals(f.saliency(), in.saliency());
		assertArrayEquals(f.descriptors().cls(), in.cls());
		assertEquals(96, in.resizedImage().width());
	}

	@Test
	void cancellationThrowsAndReturnsNothing() {
		final CosegmentationPipeline pipeline = new CosegmentationPipeline(model);
		for (final int after : new int[] { 0, 1, 4, 12 }) {
			final Progress p = CancellingProgress.after(after);
			assertThrows(CancellationException.class, () -> pipeline.run(List.of(chelsea, chelsea), small().build(), p),
				"after " + after);
		}
		// The model still works after cancelled passes.
		assertEquals(1, pipeline.run(List.of(chelsea), small().build(), Progress.NONE).size());
	}

	@Test
	void settingsTheModelCannotMeetGiveClearErrors() {
		final CosegmentationPipeline pipeline = new CosegmentationPipeline(model);
		final IllegalArgumentException layer = assertThrows(IllegalArgumentException.class, () -> pipeline.run(List.of(
			chelsea), CosegmentationSettings.defaults(), Progress.NONE));
		assertTrue(layer.getMessage().contains("layers 0 to 2"), layer.getMessage());
		final IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> pipeline.run(List.of(
			chelsea), small().loadSize(12).build(), Progress.NONE));
		assertTrue(tiny.getMessage().contains("low-resolution saliency"), tiny.getMessage());
		assertThrows(IllegalArgumentException.class, () -> pipeline.run(List.of(), small().build(), Progress.NONE));
	}
}
