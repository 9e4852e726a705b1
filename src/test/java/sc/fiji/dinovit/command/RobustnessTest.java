package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import sc.fiji.dinovit.features.MemoryGuard;
import sc.fiji.dinovit.testutil.PixelHashes;

/**
 * Bad input everywhere (docs/robustness.md): every case ends with a message that names the problem
 * and the fix, writes no output (no result image, no file, no temporary file) and leaves the input
 * pixels unchanged ({@link PixelHashes} before and after). Tiny 3-layer fixture model, layer 2,
 * stride 8, load_size 64.
 */
class RobustnessTest {

	static final File MODEL = CommandsTest.MODEL;
	private static Context context;

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp();
		context = new Context(CommandService.class, StatusService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
		SetCommandsTest.tearDown();
	}

	@BeforeEach
	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	/**
	 * Runs with every input given: defaults, then the small fixture settings the command has
	 * ({@link SetCommandsTest#inputs}), then the test's.
	 * Without SciJava's pre- and postprocessing, so that the bad values of these tests are not
	 * persisted as the next run's defaults (java.util.prefs, shared by every test JVM).
	 */
	static CommandModule run(final Class<? extends Command> type, final Object... keyValues) throws Exception {
		return context.service(CommandService.class).run(type, false, SetCommandsTest.inputs(type, keyValues)).get();
	}

	/**
	 * Runs a command that must fail; returns the message the bridge would show, after checking it is
	 * a sentence with a fix, not an exception's name.
	 */
	static String failure(final Class<? extends Command> type, final Object... keyValues) {
		final int open = openCount();
		final ExecutionException e = assertThrows(ExecutionException.class, () -> run(type, keyValues));
		final String m = CommandsTest.rootMessage(e);
		assertNotNull(m, "a failure without a message: " + e.getCause());
		assertFalse(m.startsWith("java.") || m.contains("Exception"), "a raw exception as message: " + m);
		assertEquals(open, openCount(), "a failed run opened or registered images");
		return m;
	}

	private static int openCount() {
		final int[] ids = WindowManager.getIDList();
		return ids == null ? 0 : ids.length;
	}

	private static void assertContains(final String message, final String... parts) {
		for (final String p : parts)
			assertTrue(message.contains(p), "'" + p + "' missing in: " + message);
	}

	/** Nothing under the folder at all (no result, no temporary file), or the folder does not exist. */
	private static void assertEmpty(final Path folder) {
		assertEquals(Map.of(), PixelHashes.ofFolder(folder), "files left in " + folder);
	}

	private static ImagePlus gray(final String title, final int w, final int h) {
		final ByteProcessor ip = new ByteProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			ip.set(i, (i * 37) & 0xff);
		return new ImagePlus(title, ip);
	}

	// --- image smaller than one patch, 1 pixel wide ----------------------------------------------

	@Test
	void imageSmallerThanOnePatch() {
		final ImagePlus tiny = gray("tiny", 5, 5);
		final String before = PixelHashes.of(tiny);
		assertContains(failure(ExtractFeaturesCommand.class, "image", tiny, "load_size", 0), "5 x 5 px",
			"smaller than one 8 x 8 px patch", "use a larger image or a larger load size");
		assertContains(failure(CosegmentationCommand.class, "image", tiny, "load_size", 0), "smaller than one",
			"larger load");
		assertContains(failure(PartCosegmentationCommand.class, "image", tiny, "load_size", 0), "smaller than one",
			"larger load");
		assertEquals(before, PixelHashes.of(tiny));
	}

	@Test
	void onePixelWideImage(@TempDir final Path dir) throws Exception {
		final ImagePlus line = gray("line", 1, 100);
		final String before = PixelHashes.of(line);
		assertContains(failure(ExtractFeaturesCommand.class, "image", line), "1 x 100 px",
			"enlarged 64 times", "use a larger image", "load_size=0");
		assertContains(failure(CosegmentationCommand.class, "image", line), "enlarged", "load_size=0");
		assertContains(failure(ExtractFeaturesCommand.class, "image", line, "load_size", 0), "smaller than one");
		assertEquals(before, PixelHashes.of(line));

		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		SetCommandsTest.save(SetCommandsTest.crop(130, 40, "a"), in.resolve("a.png"));
		SetCommandsTest.save(line, in.resolve("b.png"));
		final Map<String, String> inputs = PixelHashes.ofFolder(in);
		assertContains(failure(CosegmentationCommand.class, "input", "folder", "folder", in.toFile(), "output_folder",
			out.toFile()), "1 x 100 px", "enlarged");
		assertEmpty(out);
		assertEquals(inputs, PixelHashes.ofFolder(in));
	}

	// --- 4-channel and composite images ----------------------------------------------------------

	@Test
	void fourChannelCompositeImage() {
		final ImageStack s = new ImageStack(64, 64);
		for (int c = 0; c < 4; c++)
			s.addSlice(gray("c" + c, 64, 64).getProcessor());
		final ImagePlus four = new ImagePlus("four", s);
		four.setDimensions(4, 1, 1);
		final CompositeImage composite = new CompositeImage(four, CompositeImage.COMPOSITE);
		final String before = PixelHashes.of(composite);
		for (final Class<? extends Command> type : List.of(ExtractFeaturesCommand.class, SaliencyMapCommand.class,
			CosegmentationCommand.class, PartCosegmentationCommand.class))
			assertContains(failure(type, "image", composite), "'four' has 4 channels", "Stack to RGB",
				"pick one channel");
		assertContains(failure(CorrespondencesCommand.class, "image_a", composite, "image_b", gray("b", 64, 64)),
			"4 channels", "Stack to RGB");
		assertEquals(before, PixelHashes.of(composite));
	}

	// --- 16/32-bit with NaN or infinity ----------------------------------------------------------

	@Test
	void floatImageWithNanAndInfinityGivesFiniteFeatures() throws Exception {
		final FloatProcessor fp = new FloatProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			fp.setf(i, (i % 64) * 0.5f);
		fp.setf(0, Float.NaN);
		fp.setf(1, Float.POSITIVE_INFINITY);
		fp.setf(2, Float.NEGATIVE_INFINITY);
		final ImagePlus imp = new ImagePlus("nan", fp);
		imp.resetDisplayRange();
		final String before = PixelHashes.of(imp);
		final ImagePlus f = (ImagePlus) run(ExtractFeaturesCommand.class, "image", imp).getOutput("features");
		assertFiniteAndNotConstant(f);
		assertEquals(before, PixelHashes.of(imp));
		// 16-bit at both ends of its range
		final ShortProcessor sp = new ShortProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			sp.set(i, (i % 64) < 32 ? 0 : 65535);
		final ImagePlus imp16 = new ImagePlus("sat16", sp);
		final String before16 = PixelHashes.of(imp16);
		assertFiniteAndNotConstant((ImagePlus) run(ExtractFeaturesCommand.class, "image", imp16).getOutput(
			"features"));
		assertEquals(before16, PixelHashes.of(imp16));
	}

	@Test
	void floatImageThatIsAllNanIsRefused() {
		final FloatProcessor fp = new FloatProcessor(64, 64);
		for (int i = 0; i < 64 * 64; i++)
			fp.setf(i, i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY);
		final ImagePlus imp = new ImagePlus("nothing", fp);
		final String before = PixelHashes.of(imp);
		assertContains(failure(ExtractFeaturesCommand.class, "image", imp), "'nothing'", "no finite pixel",
			"Process>Math>Remove NaNs");
		assertEquals(before, PixelHashes.of(imp));
	}

	private static void assertFiniteAndNotConstant(final ImagePlus f) {
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (int z = 1; z <= f.getStackSize(); z++)
			for (final float v : (float[]) f.getStack().getProcessor(z).getPixels()) {
				assertTrue(Float.isFinite(v), "feature " + v);
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		assertTrue(max > min, "constant features");
	}

	// --- folders: empty, non-image files, unreadable image ---------------------------------------

	@Test
	void emptyFolder(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("empty")), out = dir.resolve("out");
		for (final Class<? extends Command> type : List.of(CosegmentationCommand.class,
			PartCosegmentationCommand.class, FeaturePcaCommand.class))
			assertContains(failure(type, "input", "folder", "folder", in.toFile(), "output_folder", out.toFile()),
				"has no image files", "choose the folder that holds the images");
		assertFalse(Files.exists(out), "output_folder was created");
	}

	@Test
	void nonImageFilesAreSkippedAndAnUnreadableImageIsNamed(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		SetCommandsTest.save(SetCommandsTest.crop(130, 40, "a"), in.resolve("a.png"));
		SetCommandsTest.save(SetCommandsTest.crop(150, 50, "b"), in.resolve("b.png"));
		Files.writeString(in.resolve("notes.txt"), "not an image");
		Files.writeString(in.resolve("table.csv"), "1,2,3");
		final Map<String, String> inputs = PixelHashes.ofFolder(in);
		run(CosegmentationCommand.class, "input", "folder", "folder", in.toFile(), "output_folder", out.toFile());
		assertEquals(List.of("a_mask.tif", "b_mask.tif"), List.copyOf(PixelHashes.ofFolder(out).keySet()));
		assertEquals(inputs, PixelHashes.ofFolder(in));

		Files.writeString(in.resolve("c.tif"), "this is text, not a TIFF", StandardCharsets.UTF_8);
		final Path out2 = dir.resolve("out2");
		final Map<String, String> inputs2 = PixelHashes.ofFolder(in);
		for (final Class<? extends Command> type : List.of(CosegmentationCommand.class,
			PartCosegmentationCommand.class, FeaturePcaCommand.class))
			assertContains(failure(type, "input", "folder", "folder", in.toFile(), "output_folder", out2.toFile()),
				"ImageJ cannot open", "c.tif", "remove it from the folder or convert it");
		assertEmpty(out2);
		assertEquals(inputs2, PixelHashes.ofFolder(in));
	}

	// --- sets: different sizes, one image ---------------------------------------------------------

	@Test
	void imagesOfDifferentSizesGiveResultsInTheirOwnSize() throws Exception {
		final ImagePlus a = SetCommandsTest.crop(130, 40, "a");
		final ImageProcessorCrop small = new ImageProcessorCrop(SetCommandsTest.crop(150, 60, "b"), 120, 90);
		final ImagePlus b = small.image();
		final String ha = PixelHashes.of(a), hb = PixelHashes.of(b);
		SetCommandsTest.open(a, b);
		for (final Class<? extends Command> type : List.of(CosegmentationCommand.class,
			PartCosegmentationCommand.class))
		{
			final ImagePlus[] r = SetCommandsTest.results(type == CosegmentationCommand.class ? run(type, "input",
				"open_images") : run(type, "input", "open_images", "num_parts", 2));
			assertEquals(2, r.length);
			assertEquals(200, r[0].getWidth());
			assertEquals(120, r[1].getWidth());
			assertEquals(90, r[1].getHeight());
		}
		assertEquals(ha, PixelHashes.of(a));
		assertEquals(hb, PixelHashes.of(b));
	}

	/** A top-left crop of an image, as a new image. */
	private record ImageProcessorCrop(ImagePlus source, int w, int h) {
		ImagePlus image() {
			final ij.process.ImageProcessor ip = source.getProcessor().duplicate();
			ip.setRoi(0, 0, w, h);
			final ImagePlus imp = new ImagePlus(source.getTitle(), ip.crop());
			imp.setCalibration(source.getCalibration());
			return imp;
		}
	}

	@Test
	void oneImageSets() throws Exception {
		final ImagePlus one = SetCommandsTest.crop(130, 40, "one");
		final String before = PixelHashes.of(one);
		final ImagePlus[] mask = SetCommandsTest.results(run(CosegmentationCommand.class, "image", one));
		assertEquals(1, mask.length);
		SetCommandsTest.assertBinary(mask[0]);
		final ImagePlus[] parts = SetCommandsTest.results(run(PartCosegmentationCommand.class, "image", one,
			"num_parts", 2));
		assertEquals(1, parts.length);
		SetCommandsTest.assertLabels(parts[0], 2);
		assertEquals(before, PixelHashes.of(one));
	}

	// --- num_parts and num_pairs beyond what is possible ------------------------------------------

	@Test
	void numPartsLargerThanPossible() {
		final ImagePlus one = SetCommandsTest.crop(130, 40, "one");
		final String before = PixelHashes.of(one);
		assertContains(failure(PartCosegmentationCommand.class, "image", one, "num_parts", 5000),
			"num_parts (5000) is larger than the number of", "set num_parts to at most");
		assertEquals(before, PixelHashes.of(one));
	}

	@Test
	void numPairsLargerThanPossibleGivesEveryPairThereIs(@TempDir final Path dir) throws Exception {
		final ImagePlus a = SetCommandsTest.crop(130, 40, "a"), b = SetCommandsTest.crop(140, 50, "b");
		final String ha = PixelHashes.of(a), hb = PixelHashes.of(b);
		final CorrespondencesCommand few = (CorrespondencesCommand) run(CorrespondencesCommand.class, "image_a", a,
			"image_b", b, "num_pairs", 100000, "saliency_threshold", 0.0).getDelegateObject();
		assertTrue(few.pairs().size() > 0 && few.pairs().size() < 100000, "pairs " + few.pairs().size());
		assertEquals(ha, PixelHashes.of(a));
		assertEquals(hb, PixelHashes.of(b));
	}

	// --- layer, stride -----------------------------------------------------------------------------

	@Test
	void layerBeyondTheModelsDepth(@TempDir final Path dir) throws Exception {
		final ImagePlus img = SetCommandsTest.crop(130, 40, "img");
		final String before = PixelHashes.of(img);
		for (final Class<? extends Command> type : List.of(ExtractFeaturesCommand.class,
			CosegmentationCommand.class, PartCosegmentationCommand.class))
			assertContains(failure(type, "image", img, "layer", 11), "Layer 11 does not exist", "layers 0 to 2");
		img.setRoi(new PointRoi(50, 50));
		assertContains(failure(SimilarityMapCommand.class, "source", img, "input", "stack", "layer", 11),
			"Layer 11 does not exist", "layers 0 to 2");
		assertContains(failure(CorrespondencesCommand.class, "image_a", img, "image_b", img, "layer", 11),
			"Layer 11 does not exist", "layers 0 to 2");
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		SetCommandsTest.save(img, in.resolve("a.png"));
		assertContains(failure(FeaturePcaCommand.class, "input", "folder", "folder", in.toFile(), "output_folder", out
			.toFile(), "layer", 11), "Layer 11 does not exist");
		assertEmpty(out);
		assertEquals(before, PixelHashes.of(img));
	}

	@Test
	void strideThatDoesNotDivideThePatchSize() {
		final ImagePlus img = SetCommandsTest.crop(130, 40, "img");
		final String before = PixelHashes.of(img);
		for (final Class<? extends Command> type : List.of(ExtractFeaturesCommand.class, SaliencyMapCommand.class,
			CosegmentationCommand.class, PartCosegmentationCommand.class))
			assertContains(failure(type, "image", img, "stride", 3), "Stride 3 does not divide the patch size 8",
				"use one of 1, 2, 4, 8");
		assertContains(failure(CorrespondencesCommand.class, "image_a", img, "image_b", img, "stride", 3),
			"Stride 3 does not divide");
		assertEquals(before, PixelHashes.of(img));
	}

	// --- model ---------------------------------------------------------------------------------------

	@Test
	void missingModelWhileOffline(@TempDir final Path store) {
		final ImagePlus img = SetCommandsTest.crop(130, 40, "img");
		final String before = PixelHashes.of(img);
		System.setProperty("dino.models.dir", store.toString());
		try {
			for (final Class<? extends Command> type : List.of(ExtractFeaturesCommand.class,
				CosegmentationCommand.class))
				assertContains(failure(type, "image", img, "model", "dino_vits8", "model_file", null), "dino_vits8",
					"model_file=[/path/to/checkpoint.pth]");
			assertContains(failure(ExtractFeaturesCommand.class, "image", img, "model_file", store.resolve("no.pth")
				.toFile()), "does not exist", "give the path of a .pth or .safetensors checkpoint");
		}
		finally {
			System.clearProperty("dino.models.dir");
		}
		assertEquals(before, PixelHashes.of(img));
	}

	// --- output folder that cannot be written ------------------------------------------------------

	@Test
	void outputFolderThatCannotBeCreated(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		SetCommandsTest.save(SetCommandsTest.crop(130, 40, "a"), in.resolve("a.png"));
		final Path file = Files.writeString(dir.resolve("a file"), "x");
		final Map<String, String> before = PixelHashes.ofFolder(dir);
		for (final Class<? extends Command> type : List.of(CosegmentationCommand.class,
			PartCosegmentationCommand.class, FeaturePcaCommand.class))
		{
			assertContains(failure(type, "input", "folder", "folder", in.toFile(), "output_folder", file.resolve(
				"results").toFile()), "cannot be created", "is a file, not a folder", "choose another output_folder");
			assertContains(failure(type, "input", "folder", "folder", in.toFile(), "output_folder", file.toFile()),
				"is a file, not a folder", "choose a folder");
		}
		final ImagePlus a = SetCommandsTest.crop(130, 40, "a");
		assertContains(failure(CorrespondencesCommand.class, "image_a", a, "image_b", a, "csv_file", file.resolve(
			"pairs.csv").toFile()), "csv_file", "is a file, not a folder", "choose another csv_file");
		assertEquals(before, PixelHashes.ofFolder(dir), "nothing was written");
	}

	@Test
	void aResultNamedLikeAFolderIsRefusedBeforeComputing(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = Files.createDirectories(dir.resolve("out"));
		SetCommandsTest.save(SetCommandsTest.crop(130, 40, "a"), in.resolve("a.png"));
		Files.createDirectories(out.resolve("a_mask.tif"));
		assertContains(failure(CosegmentationCommand.class, "input", "folder", "folder", in.toFile(), "output_folder",
			out.toFile(), "overwrite", true), "would replace a folder", "rename or move that folder");
		assertEquals(Map.of(), PixelHashes.ofFolder(out));
	}

	// --- memory guard --------------------------------------------------------------------------------

	@Test
	void tooLittleMemoryIsRefusedBeforeExtraction(@TempDir final Path dir) throws Exception {
		final ImagePlus img = SetCommandsTest.crop(130, 40, "img");
		final String before = PixelHashes.of(img);
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		SetCommandsTest.save(img, in.resolve("a.png"));
		System.setProperty(MemoryGuard.NATIVE_PROPERTY, "90000000");
		try {
			assertContains(failure(ExtractFeaturesCommand.class, "image", img, "stride", 2), "Not enough memory",
				"85 x 64 px at stride 2", "native memory, 90 MB available", "a larger stride: stride=4",
				"a smaller load_size: load_size=32");
		}
		finally {
			System.clearProperty(MemoryGuard.NATIVE_PROPERTY);
		}
		System.setProperty(MemoryGuard.NATIVE_PROPERTY, "1000");
		try {
			assertContains(failure(ExtractFeaturesCommand.class, "image", img, "stride", 2), "0 MB available",
				"a smaller load_size (e.g. load_size=32) and a larger stride (up to stride=8)");
			assertContains(failure(CosegmentationCommand.class, "image", img), "Not enough memory", "load_size=");
			assertContains(failure(CosegmentationCommand.class, "input", "folder", "folder", in.toFile(),
				"output_folder", out.toFile()), "Not enough memory");
			assertContains(failure(FeaturePcaCommand.class, "input", "folder", "folder", in.toFile(),
				"output_folder", out.toFile()), "Not enough memory", "85 x 64 px");
			assertEmpty(out);
		}
		finally {
			System.clearProperty(MemoryGuard.NATIVE_PROPERTY);
		}
		System.setProperty(MemoryGuard.HEAP_PROPERTY, "1000");
		try {
			assertContains(failure(ExtractFeaturesCommand.class, "image", img), "Not enough memory", "Java heap",
				"fewer images per run", "Edit>Options>Memory & Threads");
		}
		finally {
			System.clearProperty(MemoryGuard.HEAP_PROPERTY);
		}
		assertEquals(before, PixelHashes.of(img));
		assertNotNull(run(ExtractFeaturesCommand.class, "image", img).getOutput("features"), "normal runs pass");
	}
}
