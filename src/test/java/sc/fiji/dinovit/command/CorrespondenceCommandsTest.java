package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.FloatPolygon;
import sc.fiji.dinovit.algorithms.correspondence.PointPair;
import sc.fiji.dinovit.testutil.Fixtures;

/** The correspondence, similarity and PCA commands through CommandService on the 3-layer fixture. */
class CorrespondenceCommandsTest {

	static final File MODEL = Fixtures.path("models/v1_p8/official.pth").toFile();
	private static Context context;
	private static ImagePlus chelsea, chelseaL;

	@BeforeAll
	static void setUp() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class);
		chelsea = IJ.openImage(Fixtures.path("images/chelsea.png").toString());
		chelseaL = IJ.openImage(Fixtures.path("images/chelsea_L.png").toString());
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	private static CommandModule run(final Class<? extends org.scijava.command.Command> type,
		final Object... keyValues) throws Exception
	{
		final Object[] withDefaults = { "model_file", MODEL, "device", "cpu", "layer", 2, "stride", 8, "load_size", 64 };
		return sc.fiji.dinovit.testutil.CommandRunner.run(context, type, concat(withDefaults, keyValues));
	}

	/** The fixture model's defaults first, so the test's own keys override them. */
	private static Object[] concat(final Object[] defaults, final Object[] keyValues) {
		final Object[] all = java.util.Arrays.copyOf(defaults, defaults.length + keyValues.length);
		System.arraycopy(keyValues, 0, all, defaults.length, keyValues.length);
		return all;
	}

	@Test
	void correspondencesGiveAlignedPointsTableCsvAndBigWarp(@TempDir final Path dir) throws Exception {
		final int[] beforeA = ((int[]) chelsea.getProcessor().getPixels()).clone();
		final byte[] beforeB = ((byte[]) chelseaL.getProcessor().getPixels()).clone();
		final Path csv = dir.resolve("sub/pairs.csv"), bw = dir.resolve("landmarks.csv");
		final CommandModule m = run(CorrespondencesCommand.class, "image_a", chelsea, "image_b", chelseaL, "bin",
			false, "facet", "key", "saliency_threshold", 0.0, "num_pairs", 5, "rule", "reference", "seed", 0,
			"csv_file", csv.toFile(), "bigwarp_file", bw.toFile());
		final ResultsTable rt = (ResultsTable) m.getOutput("correspondences");
		final List<PointPair> pairs = ((CorrespondencesCommand) m.getDelegateObject()).pairs();
		assertTrue(pairs.size() >= 1 && pairs.size() <= 5, "pairs: " + pairs.size());
		assertEquals(pairs.size(), rt.size());
		assertEquals(List.of("match", "x_a", "y_a", "x_b", "y_b", "similarity", "saliency"), List.of(rt
			.getHeadings()));
		final PointRoi ra = (PointRoi) chelsea.getRoi(), rb = (PointRoi) chelseaL.getRoi();
		assertEquals(pairs.size(), ra.size());
		assertEquals(pairs.size(), rb.size());
		final FloatPolygon pa = ra.getFloatPolygon(), pb = rb.getFloatPolygon();
		for (int i = 0; i < pairs.size(); i++) { // index-aligned, continuous coordinates unchanged
			assertEquals(rt.getValue("x_a", i), pa.xpoints[i], 1e-3);
			assertEquals(rt.getValue("y_b", i), pb.ypoints[i], 1e-3);
			// ImageJ's own pixel lookup of a float point rounds (documented in CorrespondenceOutputs)
			assertEquals(Math.round(pa.xpoints[i]), ra.getContainedPoints()[i].x);
		}
		assertTrue(ra.subPixelResolution());
		final List<String> lines = Files.readAllLines(csv);
		assertEquals("match,x_a,y_a,x_b,y_b,similarity,saliency", lines.get(0));
		assertEquals(pairs.size() + 1, lines.size());
		final List<String> landmarks = Files.readAllLines(bw);
		assertEquals(pairs.size(), landmarks.size());
		assertTrue(landmarks.get(0).matches("\"Pt-0\",\"true\"(,\"-?[0-9.]+\"){4}"), landmarks.get(0));
		assertEquals(pairs.get(0).a().originalX() - 0.5, Double.parseDouble(landmarks.get(0).split(",")[2]
			.replace("\"", "")), 1e-5);
		assertArrayEquals(beforeA, (int[]) chelsea.getProcessor().getPixels(), "input untouched");
		assertArrayEquals(beforeB, (byte[]) chelseaL.getProcessor().getPixels(), "input untouched");
		chelsea.deleteRoi();
		chelseaL.deleteRoi();
	}

	@Test
	void noSurvivingPairIsAnEmptyTableNotAnError() throws Exception {
		final CommandModule m = run(CorrespondencesCommand.class, "image_a", chelsea, "image_b", chelsea, "bin",
			false, "saliency_threshold", 2.0, "num_pairs", 3, "rule", "partner_salient");
		assertEquals(0, ((ResultsTable) m.getOutput("correspondences")).size());
		assertTrue(((CorrespondencesCommand) m.getDelegateObject()).emptyReason().contains("saliency_threshold"));
		assertEquals(null, chelsea.getRoi());
	}

	@Test
	void similarityMapOfAStackPeaksAtTheQueryOnItsOwnPlane() throws Exception {
		final ImageStack s = new ImageStack(451, 300);
		s.addSlice(chelsea.getProcessor().duplicate());
		s.addSlice(flipped());
		final ImagePlus stack = new ImagePlus("pair", s);
		stack.getCalibration().pixelWidth = 0.5;
		stack.setRoi(new PointRoi(200.5, 120.5));
		final ImagePlus[] maps = (ImagePlus[]) run(SimilarityMapCommand.class, "source", stack, "input", "stack",
			"facet", "key", "bin", false).getOutput("maps");
		assertEquals(1, maps.length);
		final ImagePlus map = maps[0];
		assertEquals(451, map.getWidth());
		assertEquals(2, map.getStackSize());
		assertEquals(0.5, map.getCalibration().pixelWidth);
		assertEquals(1f, map.getStack().getProcessor(1).getf(200, 120), 1e-4f, "self-similarity at the query");
		assertEquals(2, map.getOverlay().size());
		final Roi best = map.getRoi();
		assertNotNull(best);
		assertTrue(best.getFloatPolygon().xpoints[0] > 190 && best.getFloatPolygon().xpoints[0] < 211);
		final ExecutionException noPoint = assertThrows(ExecutionException.class, () -> run(
			SimilarityMapCommand.class, "source", chelsea, "input", "stack"));
		assertTrue(CommandsTest.rootMessage(noPoint).contains("no point selection"));
	}

	private static ij.process.ImageProcessor flipped() {
		final ij.process.ImageProcessor ip = chelsea.getProcessor().duplicate();
		ip.flipHorizontal();
		return ip;
	}

	@Test
	void pcaOfAStackAndOfAFolder(@TempDir final Path dir) throws Exception {
		final ImageStack s = new ImageStack(451, 300);
		s.addSlice(chelsea.getProcessor().duplicate());
		s.addSlice(flipped());
		final ImagePlus stack = new ImagePlus("two", s);
		final ImagePlus[] grid = (ImagePlus[]) run(FeaturePcaCommand.class, "image", stack, "input", "stack",
			"components", 4, "together", true, "rgb_components", "last three", "upscale", false).getOutput("pca");
		assertEquals(1, grid.length);
		assertEquals(ImagePlus.COLOR_RGB, grid[0].getType());
		assertEquals(2, grid[0].getStackSize());
		assertTrue(grid[0].getWidth() < 20, "grid size");
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		Files.copy(Fixtures.path("images/small.png"), in.resolve("a.png"));
		Files.copy(Fixtures.path("images/square.png"), in.resolve("b.png"));
		Files.writeString(in.resolve("notes.txt"), "not an image");
		final CommandModule m = run(FeaturePcaCommand.class, "image", null, "input", "folder", "folder", in.toFile(),
			"output_folder", out.toFile(), "overwrite", false, "components", 3, "together", true, "rgb_components",
			"0,1,2", "upscale", true);
		assertEquals(2, ((FeaturePcaCommand) m.getDelegateObject()).written().size());
		final ImagePlus a = IJ.openImage(out.resolve("a_pca.png").toString());
		assertEquals(72, a.getWidth());
		assertEquals(58, a.getHeight());
		final ExecutionException exists = assertThrows(ExecutionException.class, () -> run(FeaturePcaCommand.class,
			"image", null, "input", "folder", "folder", in.toFile(), "output_folder", out.toFile(), "overwrite",
			false));
		assertTrue(CommandsTest.rootMessage(exists).contains("overwrite"), CommandsTest.rootMessage(exists));
		final ExecutionException bad = assertThrows(ExecutionException.class, () -> run(FeaturePcaCommand.class,
			"image", stack, "input", "stack", "components", 2, "rgb_components", "last three"));
		assertTrue(CommandsTest.rootMessage(bad).contains("components=3 or more"));
		final ExecutionException empty = assertThrows(ExecutionException.class, () -> run(FeaturePcaCommand.class,
			"image", null, "input", "folder", "folder", Files.createDirectories(dir.resolve("empty")).toFile(),
			"output_folder", out.toFile(), "components", 4, "rgb_components", "last three"));
		assertTrue(CommandsTest.rootMessage(empty).contains("no image files"), CommandsTest.rootMessage(empty));
		assertFalse(Files.exists(out.resolve("notes_pca.png")));
	}
}
