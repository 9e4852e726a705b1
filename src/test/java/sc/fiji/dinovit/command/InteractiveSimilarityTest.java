package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.macro.Interpreter;
import ij.process.ImageProcessor;
import sc.fiji.dinovit.algorithms.similarity.SimilarityExplorer;
import sc.fiji.dinovit.algorithms.similarity.SimilarityMap;
import sc.fiji.dinovit.ij1.CommandInput;
import sc.fiji.dinovit.testutil.CommandRunner;

/**
 * The interactive similarity tool's core, headless: after DINO Similarity Map ran with
 * interactive, the maps of a new point come from the cached descriptors (no extraction) and,
 * written in place by {@link SimilarityMapCommand#update}, equal a fresh run at that point; in the
 * background the latest request wins.
 */
class InteractiveSimilarityTest {

	private static Context context;

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp(); // loads the image the crops come from
		context = new Context(CommandService.class, StatusService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
		SetCommandsTest.tearDown();
	}

	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	private static final Object[] SMALL = { "model_file", SetCommandsTest.MODEL, "device", "cpu", "layer", 2,
		"stride", 8, "load_size", 64, "facet", "key", "bin", false };

	private static SimilarityMapCommand run(final ImagePlus source, final String input, final boolean interactive)
		throws Exception
	{
		final List<Object> kv = new ArrayList<>();
		for (final CommandInput in : CommandInput.of(SimilarityMapCommand.class))
			if (in.defaultValue() != null) kv.addAll(List.of(in.name(), in.defaultValue()));
		kv.addAll(List.of(SMALL));
		kv.addAll(List.of("source", source, "input", input, "interactive", interactive));
		final CommandModule m = CommandRunner.run(context, SimilarityMapCommand.class, kv.toArray());
		return (SimilarityMapCommand) m.getDelegateObject();
	}

	private static ImagePlus pair() {
		final ImageStack s = new ImageStack(200, 150);
		s.addSlice("a", SetCommandsTest.crop(100, 40, "a").getProcessor());
		final ImageProcessor b = SetCommandsTest.crop(130, 60, "b").getProcessor();
		b.flipHorizontal();
		s.addSlice("b", b);
		return new ImagePlus("pair", s);
	}

	private static float[] plane(final ImagePlus imp, final int z) {
		return ((float[]) imp.getStack().getPixels(z)).clone();
	}

	@Test
	void aClickUpdatesTheStackMapsInPlaceLikeAFreshRun() throws Exception {
		final ImagePlus source = pair();
		source.setRoi(new PointRoi(50.5, 40.5));
		final SimilarityMapCommand live = run(source, "stack", true);
		final ImagePlus map = live.maps()[0];
		final float[] first = plane(map, 2);
		final SimilarityExplorer explorer = live.explorer();
		assertNotNull(explorer);
		assertEquals(2, explorer.targetCount());

		final List<SimilarityMap> maps = explorer.mapsAt(150.5, 100.5);
		live.update(150.5, 100.5, maps);
		assertTrue(live.maps()[0] == map, "the same image, updated in place");
		source.setRoi(new PointRoi(150.5, 100.5));
		final ImagePlus fresh = run(source, "stack", false).maps()[0];
		for (int z = 1; z <= 2; z++)
			assertArrayEquals(plane(fresh, z), plane(map, z), "plane " + z);
		assertTrue(!java.util.Arrays.equals(first, plane(map, 2)), "the maps changed");
		assertEquals(fresh.getRoi().getFloatPolygon().xpoints[0], map.getRoi().getFloatPolygon().xpoints[0]);
		assertEquals(2, map.getOverlay().size());
		assertEquals(150.5, source.getRoi().getFloatPolygon().xpoints[0], 1e-6, "the query point moved");
		explorer.close();
	}

	@Test
	void openImagesMapsAndTargetsFollowTheClick() throws Exception {
		Interpreter.batchMode = true;
		final ImagePlus a = SetCommandsTest.crop(100, 40, "a"), b = SetCommandsTest.crop(140, 50, "b");
		Interpreter.addBatchModeImage(a);
		Interpreter.addBatchModeImage(b);
		a.setRoi(new PointRoi(60.5, 70.5));
		final SimilarityMapCommand live = run(a, "open_images", true);
		assertEquals(2, live.maps().length);
		live.update(120.5, 30.5, live.explorer().mapsAt(120.5, 30.5));
		a.setRoi(new PointRoi(120.5, 30.5));
		final SimilarityMapCommand fresh = run(a, "open_images", false);
		for (int i = 0; i < 2; i++)
			assertArrayEquals(plane(fresh.maps()[i], 1), plane(live.maps()[i], 1), "map " + i);
		assertEquals(fresh.maps()[1].getRoi().getFloatPolygon().xpoints[0], b.getRoi().getFloatPolygon().xpoints[0],
			"the target's best-match point moved");
		live.explorer().close();
	}

	@Test
	void withoutInteractiveNothingIsKept() throws Exception {
		final ImagePlus source = pair();
		source.setRoi(new PointRoi(50.5, 40.5));
		final SimilarityMapCommand plain = run(source, "stack", false);
		assertNull(plain.explorer());
		assertThrows(IllegalStateException.class, () -> plain.update(1, 1, List.of()));
	}

	@Test
	void theLatestRequestWinsAndOutsidePointsAreIgnored() throws Exception {
		final ImagePlus source = pair();
		source.setRoi(new PointRoi(50.5, 40.5));
		final SimilarityExplorer explorer = run(source, "stack", true).explorer();
		assertEquals(-1, explorer.request(-1, 10, m -> {}));
		assertEquals(-1, explorer.request(10, 150, m -> {}));
		final List<List<SimilarityMap>> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
		final CountDownLatch last = new CountDownLatch(1);
		long id = 0;
		for (int i = 0; i < 50; i++) {
			final double x = 10.5 + 3 * i;
			final boolean isLast = i == 49;
			id = explorer.request(x, 70.5, maps -> {
				delivered.add(maps);
				if (isLast) last.countDown();
			});
		}
		assertTrue(last.await(60, TimeUnit.SECONDS), "the last click is delivered");
		assertTrue(id > 0);
		assertTrue(delivered.size() < 50, "stale clicks are skipped, delivered " + delivered.size());
		final List<SimilarityMap> expected = explorer.mapsAt(10.5 + 3 * 49, 70.5);
		final List<SimilarityMap> got = delivered.get(delivered.size() - 1);
		for (int i = 0; i < expected.size(); i++)
			assertArrayEquals(expected.get(i).values(), got.get(i).values());
		explorer.close();
		assertThrows(IllegalStateException.class, () -> explorer.request(20, 20, m -> {}));
	}
}
