package sc.fiji.dinovit.algorithms.parts;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.algorithms.store.DescriptorStore;
import sc.fiji.dinovit.util.Progress;

/**
 * Part co-segmentation reading its descriptors from a {@link DescriptorStore} that spilled every
 * image to memory-mapped files gives exactly the labels of the in-memory arrays, in both modes.
 */
class PartCosegmentationStoreTest {

	/** Three originals and one augmentation of the planted set, as in-memory inputs. */
	private static List<PartInput> inMemory() {
		final PlantedParts planted = new PlantedParts(7);
		final List<PartInput> in = new ArrayList<>(List.of(planted.image(1, true), planted.image(2, true), planted
			.image(3, true)));
		final PartInput aug = planted.image(9, true);
		in.add(PartInput.augmentation(aug.grid(), aug.descriptors(), aug::rgb));
		return in;
	}

	/** The same inputs with their descriptors in the store and the RGB image counted per request. */
	private static List<PartInput> stored(final List<PartInput> inputs, final DescriptorStore store,
		final AtomicInteger rgbRequests) throws IOException
	{
		final List<PartInput> out = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			final PartInput in = inputs.get(i);
			final int index = store.append("image " + i, DescriptorRows.readAll(in.descriptors()));
			final java.util.function.Supplier<int[]> rgb = () -> {
				rgbRequests.incrementAndGet();
				return in.rgb();
			};
			out.add(in.isAugmentation() ? PartInput.augmentation(in.grid(), store.imageSource(index), rgb) : PartInput
				.original(in.grid(), store.imageSource(index), in.saliency(), rgb, in.originalWidth(), in
					.originalHeight()));
		}
		return out;
	}

	@Test
	void spilledDescriptorsGiveTheSameLabelsAsArraysAndTheFilesGo(@TempDir final Path spill) throws IOException {
		for (final boolean threeStages : new boolean[] { false, true }) {
			final PartCosegmentationSettings settings = PartCosegmentationSettings.builder().numParts(3)
				.sampleInterval(2).threeStages(threeStages).build();
			final List<PartInput> arrays = inMemory();
			final PartCosegmentationResult expected = PartCosegmentation.run(arrays, settings, Progress.NONE);
			final AtomicInteger rgbRequests = new AtomicInteger();
			final PartCosegmentationResult got;
			try (DescriptorStore store = DescriptorStore.builder(PlantedParts.DIM).heapBudgetBytes(0).spillFolder(spill)
				.build())
			{
				final List<PartInput> inputs = stored(arrays, store, rgbRequests);
				for (int i = 0; i < inputs.size(); i++)
					assertTrue(store.isSpilled(i), "image " + i + " spilled");
				assertEquals(0, store.heapBytes());
				assertTrue(store.spilledBytes() > 0);
				try (Stream<Path> files = Files.walk(spill)) {
					assertTrue(files.anyMatch(Files::isRegularFile), "spill files exist during the run");
				}
				got = PartCosegmentation.run(inputs, settings, Progress.NONE);
			}
			try (Stream<Path> left = Files.list(spill)) {
				assertEquals(0, left.count(), "closing the store deletes its spill folder");
			}
			assertEquals(expected.numParts(), got.numParts());
			assertEquals(3, got.labels().size());
			for (int i = 0; i < 3; i++)
				assertArrayEquals(expected.labels(i).labels(), got.labels(i).labels(), "image " + i + ", three stages " +
					threeStages);
			assertArrayEquals(expected.diagnostics().partCentroids(), got.diagnostics().partCentroids());
			assertArrayEquals(expected.diagnostics().partAreas(), got.diagnostics().partAreas());
			// The CRF asked for each labelled image's RGB once per labelling pass, on demand: stage 2
			// labels the 3 originals (two stages) or all 4 images (three stages), stage 3 the originals.
			assertEquals(threeStages ? 4 + (got.diagnostics().commonStage2Parts().length > 0 ? 3 : 0) : 3, rgbRequests
				.get());
		}
	}
}
