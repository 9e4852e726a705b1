package sc.fiji.dinovit.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.coseg.NearestResize;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartInput;
import sc.fiji.dinovit.algorithms.parts.PartLabelImage;
import sc.fiji.dinovit.algorithms.store.DescriptorStore;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.FloatGrayImage;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.testutil.CancellingProgress;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;

/** Runs the pipeline with the tiny random-weight ViT-S/8-like fixture (3 layers) at load_size 64. */
class PartCosegmentationPipelineTest {

	private static final PartCosegmentationSettings SETTINGS = PartCosegmentationSettings.builder().layer(2)
		.loadSize(64).build();

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

	@Test
	void identicalImagesGetIdenticalLabelMapsInTheirOriginalGrid() {
		final PartCosegmentationPipeline pipeline = new PartCosegmentationPipeline(model);
		final ByteImage copy = new ByteImage(chelsea.width(), chelsea.height(), 3, chelsea.data().clone());
		final PartCosegmentationSettings s = SETTINGS.toBuilder().cropAugmentations(1).build();
		final PartCosegmentationResult r = pipeline.run(List.of(chelsea, copy), s, Progress.NONE);
		assertEquals(2, r.labels().size());
		final PartLabelImage a = r.labels(0), b = r.labels(1);
		assertEquals(451, a.width());
		assertEquals(300, a.height());
		assertArrayEquals(a.labels(), b.labels());
		for (final int l : a.labels())
			assertTrue(l >= 0 && l <= r.numParts());
		assertTrue(r.numParts() >= 1 && r.numParts() <= 4);
	}

	@Test
	void inputsHoldOriginalsThenSeededAugmentations() throws IOException {
		final PartCosegmentationPipeline pipeline = new PartCosegmentationPipeline(model);
		final PartCosegmentationSettings settings = SETTINGS.toBuilder().cropAugmentations(1).build();
		try (DescriptorStore store = pipeline.newStore(settings); DescriptorStore store2 = pipeline.newStore(settings)) {
			final List<PartInput> in = pipeline.inputs(List.of(chelsea), settings, store, Progress.NONE);
			assertEquals(3, in.size());
			final PartInput original = in.get(0);
			assertFalse(original.isAugmentation());
			assertEquals(15, original.grid().rows()); // 96 x 64 px at stride 4
			assertEquals(23, original.grid().cols());
			assertEquals(128, original.dim());
			assertEquals(451, original.originalWidth());
			float min = 1, max = 0;
			for (final float v : original.saliency()) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			assertEquals(0f, min); // the low-res map (4 x 6) is min-max normalised; nearest keeps its extremes
			assertEquals(1f, max);
			for (int i = 1; i < 3; i++) {
				assertTrue(in.get(i).isAugmentation());
				assertNull(in.get(i).saliency());
				assertEquals(64, in.get(i).grid().height()); // the 95% crop is re-resized to load_size
			}
			// Seeded: the same crops again.
			pipeline.inputs(List.of(chelsea), settings, store2, Progress.NONE);
			assertArrayEquals(store.readImage(1), store2.readImage(1));
		}
	}

	@Test
	void aTinyMemoryBudgetSpillsToDiskWithTheSameLabelsAndDeletesTheFiles(@TempDir final Path spill)
		throws IOException
	{
		final ByteImage square = Fixtures.png("images/square224.png");
		final List<ByteImage> images = List.of(chelsea, square, chelsea);
		final PartCosegmentationResult inMemory = new PartCosegmentationPipeline(model).memoryBudgetBytes(
			Long.MAX_VALUE).run(images, SETTINGS, Progress.NONE);
		final boolean[] spilledDuringRun = { false };
		final Progress watch = new Progress() {
			@Override
			public void status(final String message) {
				if (message.contains("labelling")) try (Stream<Path> files = Files.walk(spill)) {
					spilledDuringRun[0] |= files.anyMatch(f -> Files.isRegularFile(f) && f.toString().contains(
						"dinovit-descriptors-"));
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			@Override
			public void fraction(final double done) {}

			@Override
			public boolean isCancelled() { return false; }
		};
		final PartCosegmentationResult spilled = new PartCosegmentationPipeline(model).memoryBudgetBytes(100)
			.spillFolder(spill).run(images, SETTINGS, watch);
		assertTrue(spilledDuringRun[0], "descriptors were in spill files while the CRF ran");
		try (Stream<Path> left = Files.list(spill)) {
			assertEquals(0, left.count(), "the run deletes its spill files");
		}
		assertEquals(inMemory.numParts(), spilled.numParts());
		for (int i = 0; i < images.size(); i++)
			assertArrayEquals(inMemory.labels(i).labels(), spilled.labels(i).labels(), "image " + i);
		assertArrayEquals(inMemory.diagnostics().partCentroids(), spilled.diagnostics().partCentroids());
	}

	@Test
	void framesMustShareASize() {
		final PartCosegmentationPipeline pipeline = new PartCosegmentationPipeline(model);
		final SourceImage half = new ByteImage(2, 2, 1, new byte[4]);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> pipeline.runFrames(List.of(chelsea, half),
			SETTINGS, Progress.NONE)).getMessage().contains("Frame 1"));
		final PartCosegmentationResult r = pipeline.runFrames(List.of(chelsea, chelsea), SETTINGS, Progress.NONE);
		assertArrayEquals(r.labels(0).labels(), r.labels(1).labels());
	}

	@Test
	void cancellationStopsExtraction() {
		final Progress cancelSoon = CancellingProgress.after(3);
		assertThrows(CancellationException.class, () -> new PartCosegmentationPipeline(model).run(List.of(chelsea,
			chelsea), SETTINGS, cancelSoon));
	}

	@Test
	void pillowNearestResizeUsesHalfPixelCentres() {
		final float[] map = { 0, 1, 2, 3 }; // 1 x 4
		assertArrayEquals(new float[] { 0, 1, 1, 2, 3, 3 }, NearestResize.resize(map, 4, 1, 6, 1));
		assertArrayEquals(new float[] { 1, 3 }, NearestResize.resize(map, 4, 1, 2, 1));
	}

	@Test
	void cropFlipAndPackingKeepPixels() {
		final ByteImage rgb = new ByteImage(3, 2, 3, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
			16, 17, 18 });
		final ByteImage flipped = (ByteImage) PartCosegmentationPipeline.flipHorizontally(rgb);
		assertEquals(7, flipped.get(0, 0, 0));
		assertEquals(1, flipped.get(2, 0, 0));
		final ByteImage crop = (ByteImage) PartCosegmentationPipeline.crop(rgb, 1, 1, 2, 1);
		assertArrayEquals(new byte[] { 13, 14, 15, 16, 17, 18 }, crop.data());
		assertArrayEquals(new int[] { 0x0d0e0f, 0x101112 }, ImagePasses.packedRgb(crop));
		final FloatGrayImage grey = new FloatGrayImage(2, 1, new float[] { 0f, 1.2f });
		assertArrayEquals(new int[] { 0, 0xffffff }, ImagePasses.packedRgb(grey));
		assertEquals(1.2f, ((FloatGrayImage) PartCosegmentationPipeline.flipHorizontally(grey)).get(0, 0));
	}
}
