package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.NativeMemory;

/**
 * Commands on different images with the same model at the same time: Co-segmentation of one
 * stack, Part co-segmentation of another and Extract Features of a third image, started together
 * (they share the model through {@link ModelCache#shared()}), give bit-identical outputs to the
 * same commands run one after the other; and no native array outlives them.
 */
class ConcurrentCommandsTest {

	private static final int ROUNDS = 3;

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp();
	}

	@AfterAll
	static void tearDown() {
		SetCommandsTest.tearDown();
	}

	@BeforeEach
	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	/** The three commands, each as a starter that returns its future. */
	private static List<Supplier<Future<CommandModule>>> commands(final ImagePlus setA, final ImagePlus setB,
		final ImagePlus single)
	{
		return List.of(() -> SetCommandsTest.start(CosegmentationCommand.class, "image", setA, "input", "stack",
			"grabcut", true, "low_res_saliency", true), () -> SetCommandsTest.start(PartCosegmentationCommand.class,
				"image", setB, "input", "stack", "crf", true, "low_res_saliency", true, "num_parts", 3),
			() -> SetCommandsTest.start(ExtractFeaturesCommand.class, "image", single, "layer", 2, "facet", "key"));
	}

	/** Every output image's pixels, plane by plane, in command order. */
	private static List<Object> pixels(final List<CommandModule> modules) {
		final List<Object> planes = new ArrayList<>();
		for (final CommandModule m : modules) {
			final List<ImagePlus> out = new ArrayList<>();
			if (m.getOutput("results") != null) out.addAll(List.of(SetCommandsTest.results(m)));
			if (m.getOutput("features") != null) out.add((ImagePlus) m.getOutput("features"));
			assertTrue(!out.isEmpty(), m.getInfo().getTitle() + " gave no image");
			for (final ImagePlus imp : out) {
				final ImageStack stack = imp.getStack();
				for (int z = 1; z <= stack.getSize(); z++)
					planes.add(stack.getProcessor(z).getPixels());
			}
		}
		return planes;
	}

	@Test
	void commandsAtOnceGiveTheSameResultsAsOneAfterTheOther() throws Exception {
		final ImagePlus setA = SetCommandsTest.cropStack(false, 20, 100);
		final ImagePlus setB = SetCommandsTest.cropStack(true, 150, 40);
		final ImagePlus single = SetCommandsTest.crop(230, 120, "single.tif");

		final List<Supplier<Future<CommandModule>>> commands = commands(setA, setB, single);
		final List<CommandModule> sequential = new ArrayList<>();
		for (final Supplier<Future<CommandModule>> c : commands)
			sequential.add(c.get().get()); // each finishes before the next starts
		final List<Object> expected = pixels(sequential);
		final int arraysWithModel = NativeMemory.liveArrays();

		for (int round = 0; round < ROUNDS; round++) {
			final List<Future<CommandModule>> started = new ArrayList<>();
			for (final Supplier<Future<CommandModule>> c : commands)
				started.add(c.get()); // all three run at once
			final List<CommandModule> concurrent = new ArrayList<>();
			for (final Future<CommandModule> f : started)
				concurrent.add(f.get(5, TimeUnit.MINUTES));
			final List<Object> actual = pixels(concurrent);
			assertEquals(expected.size(), actual.size());
			for (int i = 0; i < expected.size(); i++)
				assertPlaneEquals(expected.get(i), actual.get(i), "round " + round + ", plane " + i);
			assertEquals(arraysWithModel, NativeMemory.liveArrays(),
				"after round " + round + " only the shared model's weights are left, loaded once");
		}
		assertTrue(ModelCache.shared().size() <= 1, "one model in the shared cache");
	}

	private static void assertPlaneEquals(final Object expected, final Object actual, final String where) {
		if (expected instanceof byte[] b) assertArrayEquals(b, (byte[]) actual, where);
		else if (expected instanceof float[] f) assertArrayEquals(f, (float[]) actual, where);
		else if (expected instanceof short[] s) assertArrayEquals(s, (short[]) actual, where);
		else assertArrayEquals((int[]) expected, (int[]) actual, where);
	}
}
