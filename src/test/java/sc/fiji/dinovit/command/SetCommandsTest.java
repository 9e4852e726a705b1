package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

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

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.io.FileSaver;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.LUT;
import sc.fiji.dinovit.ij1.CommandInput;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.ij1.LabelColors;
import sc.fiji.dinovit.testutil.Fixtures;

/**
 * DINO Co-segmentation and Part Co-segmentation through CommandService on the tiny 3-layer
 * random-weight fixture (layer 2, load_size 64, stride 8): every input kind, the outputs' size,
 * values and calibration, and the input errors, which come before any model is loaded.
 */
class SetCommandsTest {

	static final File MODEL = CommandsTest.MODEL;
	/** Random weights: raised from the paper's 0.065 so that some clusters, not all, are foreground. */
	static final double THRESHOLD = 0.25;
	private static Context context;
	private static ImagePlus chelsea;

	@BeforeAll
	static void setUp() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class);
		chelsea = IJ.openImage(Fixtures.path("images/chelsea.png").toString());
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@BeforeEach
	@AfterEach
	void closeImages() {
		closeAll();
	}

	/** Forgets every open image (the open_images set is every open image) and leaves batch mode. */
	static void closeAll() {
		Interpreter.batchMode = true; // ImageJ lists batch-mode images only in batch mode
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids)
			Interpreter.removeBatchModeImage(WindowManager.getImage(id));
		WindowManager.setTempCurrentImage(null);
		Interpreter.batchMode = false;
	}

	/** A 200 x 150 crop of chelsea at (x, y), calibrated 0.5 um per pixel. */
	static ImagePlus crop(final int x, final int y, final String title) {
		final ImageProcessor ip = chelsea.getProcessor().duplicate();
		ip.setRoi(x, y, 200, 150);
		final ImagePlus imp = new ImagePlus(title, ip.crop());
		imp.setCalibration(calibration());
		return imp;
	}

	/** Saves as TIFF, PNG or JPEG after the file's extension (IJ.save needs ImageJ's menus). */
	static void save(final ImagePlus imp, final Path file) {
		final String name = file.getFileName().toString(), path = file.toString();
		final FileSaver saver = new FileSaver(imp);
		assertTrue(name.endsWith(".tif") ? saver.saveAsTiff(path) : name.endsWith(".png") ? saver.saveAsPng(path)
			: saver.saveAsJpeg(path), path);
	}

	static Calibration calibration() {
		final Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.5;
		cal.setUnit("µm");
		cal.frameInterval = 2;
		return cal;
	}

	/** Three shifted crops as one stack: slices, or frames when {@code frames}. */
	static ImagePlus cropStack(final boolean frames) {
		return cropStack(frames, 150, 40);
	}

	/** Three crops shifted from (x0, y0) by (20, 10) each as one stack: slices, or frames when {@code frames}. */
	static ImagePlus cropStack(final boolean frames, final int x0, final int y0) {
		final ImageStack stack = new ImageStack(200, 150);
		for (int t = 0; t < 3; t++)
			stack.addSlice("t" + t, crop(x0 + 20 * t, y0 + 10 * t, "c").getProcessor());
		final ImagePlus imp = new ImagePlus("movie.tif", stack);
		if (frames) {
			imp.setDimensions(1, 1, 3);
			imp.setOpenAsHyperStack(true);
		}
		imp.setCalibration(calibration());
		return imp;
	}

	private static final Object[] SMALL = { "model_file", MODEL, "device", "cpu", "layer", 2, "stride", 8,
		"load_size", 64, "saliency_threshold", THRESHOLD, "sample_interval", 5 };

	/**
	 * Runs a command with every input given, as the IJ1 bridge does: the defaults, then SMALL, then
	 * the test's (an input left out would be SciJava's persisted value from an earlier run).
	 */
	static CommandModule run(final Class<? extends Command> type, final Object... keyValues) throws Exception {
		return start(type, keyValues).get();
	}

	/** Starts a command as {@link #run} does, without waiting for it. */
	static Future<CommandModule> start(final Class<? extends Command> type, final Object... keyValues) {
		return context.service(CommandService.class).run(type, true, inputs(type, keyValues));
	}

	/** Every input of a command: the defaults, then those of SMALL it has, then the given keys and values. */
	static Map<String, Object> inputs(final Class<? extends Command> type, final Object... keyValues) {
		final Map<String, Object> in = new HashMap<>();
		for (final CommandInput input : CommandInput.of(type))
			in.put(input.name(), input.defaultValue());
		for (int i = 0; i < SMALL.length; i += 2)
			if (in.containsKey(SMALL[i])) in.put((String) SMALL[i], SMALL[i + 1]);
		for (int i = 0; i < keyValues.length; i += 2)
			in.put((String) keyValues[i], keyValues[i + 1]);
		return in;
	}

	/**
	 * Registers images as open: batch-mode images, as in a headless macro (ImageJ lists them only
	 * while batch mode is on; {@link #closeAll()} turns it off).
	 */
	static void open(final ImagePlus... images) {
		Interpreter.batchMode = true;
		for (final ImagePlus imp : images)
			Interpreter.addBatchModeImage(imp);
	}

	static ImagePlus[] results(final CommandModule m) {
		return (ImagePlus[]) m.getOutput("results");
	}

	/** Every pixel of every plane is 0 or 255; returns the foreground fraction. */
	static double assertBinary(final ImagePlus mask) {
		assertEquals(8, mask.getBitDepth());
		long fg = 0, n = 0;
		for (int z = 1; z <= mask.getStackSize(); z++)
			for (final byte b : (byte[]) mask.getStack().getProcessor(z).getPixels()) {
				final int v = b & 0xff;
				assertTrue(v == 0 || v == 255, "mask value " + v);
				if (v == 255) fg++;
				n++;
			}
		return fg / (double) n;
	}

	/** Every label is in 0..K; returns the labels seen. */
	static boolean[] assertLabels(final ImagePlus labels, final int k) {
		final boolean[] seen = new boolean[k + 1];
		for (int z = 1; z <= labels.getStackSize(); z++) {
			final ImageProcessor ip = labels.getStack().getProcessor(z);
			for (int i = 0; i < ip.getPixelCount(); i++) {
				final int v = ip.get(i);
				assertTrue(v >= 0 && v <= k, "label " + v + " of " + k);
				seen[v] = true;
			}
		}
		return seen;
	}

	static void assertCalibrated(final ImagePlus imp) {
		assertEquals(0.5, imp.getCalibration().pixelWidth, 0);
		assertEquals("µm", imp.getCalibration().getUnit());
	}

	@Test
	void cosegmentationOfAStackGivesOneBinaryMaskPerSliceInTheInputGrid() throws Exception {
		final ImagePlus stack = cropStack(false);
		final CommandModule m = run(CosegmentationCommand.class, "image", stack, "input", "stack", "grabcut", true,
			"low_res_saliency", true);
		final ImagePlus[] out = results(m);
		assertEquals(1, out.length);
		final ImagePlus masks = out[0];
		assertEquals("movie_mask", masks.getTitle());
		assertEquals(200, masks.getWidth());
		assertEquals(150, masks.getHeight());
		assertEquals(3, masks.getNSlices());
		assertEquals("t1", masks.getStack().getSliceLabel(2));
		assertCalibrated(masks);
		final double fg = assertBinary(masks);
		final String summary = ((CosegmentationCommand) m.getCommand()).summary();
		assertTrue(fg > 0 && fg < 1, summary);
		assertTrue(summary.contains("k = ") && summary.contains("Salient labels"), summary);
	}

	@Test
	void cosegmentationOfOpenImagesGivesOneMaskPerImageTitledAfterIt() throws Exception {
		final ImagePlus a = crop(150, 40, "a.png"), b = crop(20, 100, "b.tif");
		b.setCalibration(null);
		open(a, b);
		final ImagePlus[] out = results(run(CosegmentationCommand.class, "input", "open_images", "image", null,
			"grabcut", true));
		assertEquals(2, out.length);
		assertEquals("a_mask", out[0].getTitle());
		assertEquals("b_mask", out[1].getTitle());
		assertCalibrated(out[0]);
		assertEquals(1.0, out[1].getCalibration().pixelWidth, 0);
		for (final ImagePlus mask : out) {
			assertEquals(200, mask.getWidth());
			assertEquals(150, mask.getHeight());
			assertBinary(mask);
		}
	}

	@Test
	void cosegmentationOfAFolderWritesMaskFilesAndRefusesToOverwrite(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectory(dir.resolve("in")), out = dir.resolve("out");
		final String[] names = { "b.tif", "a.png", "c.jpg" };
		for (int i = 0; i < names.length; i++) {
			final ImagePlus imp = crop(130 + 20 * i, 40 + 10 * i, names[i]);
			save(imp, in.resolve(names[i]));
		}
		Files.writeString(in.resolve("notes.txt"), "not an image");
		final CommandModule m = run(CosegmentationCommand.class, "input", "folder", "image", null, "folder", in
			.toFile(), "output_folder", out.toFile(), "grabcut", false);
		assertNull(results(m));
		for (final String stem : List.of("a", "b", "c")) {
			final ImagePlus mask = IJ.openImage(out.resolve(stem + "_mask.tif").toString());
			assertNotNull(mask, stem);
			assertEquals(200, mask.getWidth());
			assertEquals(150, mask.getHeight());
			assertBinary(mask);
			if (stem.equals("b")) assertCalibrated(mask); // the TIFF's calibration is kept
		}
		try (var files = Files.list(out)) {
			assertEquals(3, files.count());
		}
		assertTrue(((CosegmentationCommand) m.getCommand()).summary().contains("Wrote 3 files"));

		final ExecutionException again = assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class,
			"input", "folder", "image", null, "folder", in.toFile(), "output_folder", out.toFile(), "model_file",
			new File("/no/such/model.pth")));
		assertTrue(message(again).contains("a_mask.tif already exists: add overwrite"), message(again));
		run(CosegmentationCommand.class, "input", "folder", "image", null, "folder", in.toFile(), "output_folder",
			out.toFile(), "overwrite", true);
	}

	@Test
	void folderInputsAreCheckedBeforeTheModelIsLoaded(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectory(dir.resolve("in"));
		final File noModel = new File("/no/such/model.pth");
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "input",
			"folder", "image", null, "folder", in.toFile(), "output_folder", dir.toFile(), "model_file", noModel)))
				.contains("has no image files"));
		save(crop(0, 0, "x"), in.resolve("x.png"));
		save(crop(0, 0, "x"), in.resolve("x.tif"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "input",
			"folder", "image", null, "folder", in.toFile(), "output_folder", null, "model_file", noModel))).contains(
				"needs output_folder"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(PartCosegmentationCommand.class, "input",
			"folder", "image", null, "folder", in.toFile(), "output_folder", in.toFile(), "model_file", noModel)))
				.contains("must differ from folder"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(PartCosegmentationCommand.class, "input",
			"folder", "image", null, "folder", in.toFile(), "output_folder", dir.toFile(), "model_file", noModel)))
				.contains("x.png and x.tif would both be written to x_parts.tif"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "input",
			"open_images", "image", null, "model_file", noModel))).contains("no image is open"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "input",
			"stack", "image", null, "model_file", noModel))).contains("No image"));
	}

	@Test
	void partsOfATimeLapseAreOneLabelStackWithAGlasbeyLikeLut() throws Exception {
		final ImagePlus movie = cropStack(true);
		final CommandModule m = run(PartCosegmentationCommand.class, "image", movie, "input", "stack", "crf", true,
			"low_res_saliency", true, "num_parts", 3);
		final ImagePlus labels = results(m)[0];
		assertEquals("movie_parts", labels.getTitle());
		assertEquals(8, labels.getBitDepth());
		assertEquals(200, labels.getWidth());
		assertEquals(150, labels.getHeight());
		assertEquals(3, labels.getNFrames());
		assertEquals(1, labels.getNSlices());
		assertTrue(labels.getOpenAsHyperStack());
		assertCalibrated(labels);
		assertEquals(2, labels.getCalibration().frameInterval, 0);
		final String summary = ((PartCosegmentationCommand) m.getCommand()).summary();
		assertTrue(summary.contains("of 3 frames") && summary.contains("stage 1: k="), summary);
		final int k = Integer.parseInt(summary.replaceAll("(?s).*frames: (\\d+) parts.*", "$1"));
		assertTrue(k >= 1 && k <= 3, summary);
		final boolean[] seen = assertLabels(labels, k);
		assertTrue(seen[1], "part 1 (the largest) is somewhere");
		final LUT lut = labels.getProcessor().getLut();
		assertEquals(0, lut.getRGB(0) & 0xffffff, "background is black");
		assertEquals(LabelColors.lut().getRGB(1), lut.getRGB(1));
		assertEquals(255, labels.getDisplayRangeMax(), 0);
	}

	@Test
	void partsOfOpenImagesGiveOneLabelImagePerImage() throws Exception {
		final ImagePlus a = crop(150, 40, "a.png"), b = crop(170, 50, "b.png");
		open(a, b);
		final ImagePlus[] out = results(run(PartCosegmentationCommand.class, "input", "open_images", "image", null,
			"num_parts", 2, "crf", false, "crop_augmentations", 1));
		assertEquals(List.of("a_parts", "b_parts"), Arrays.stream(out).map(ImagePlus::getTitle).toList());
		for (final ImagePlus labels : out) {
			assertEquals(200, labels.getWidth());
			assertLabels(labels, 2);
		}
	}

	@Test
	void stackShapesAndAugmentationsOfTimeLapsesAreRefusedWithTheFix() {
		final File noModel = new File("/no/such/model.pth");
		final ImagePlus zt = IJ.createHyperStack("zt", 32, 32, 1, 2, 3, 8);
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "image", zt,
			"model_file", noModel))).contains("has 2 slices and 3 frames"));
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(PartCosegmentationCommand.class, "image",
			cropStack(true), "crop_augmentations", 2, "model_file", noModel))).contains("set crop_augmentations=0"));
		final ImagePlus stacked = cropStack(false);
		final ImagePlus twoImages = new ImagePlus("two", stacked.getStack());
		open(twoImages);
		assertTrue(message(assertThrows(ExecutionException.class, () -> run(CosegmentationCommand.class, "input",
			"open_images", "model_file", noModel))).contains("with input=stack"));
	}

	@Test
	void keysAreTheBriefsAndDefaultsThePapers() {
		final List<CommandInput> coseg = CommandInput.of(
			CosegmentationCommand.class);
		assertEquals(List.of("image", "model", "model_file", "device", "input", "folder", "output_folder", "overwrite",
			"layer", "facet", "stride", "load_size", "bin", "saliency_threshold", "votes_percentage", "elbow",
			"sample_interval", "low_res_saliency", "remove_outliers", "outlier_threshold", "grabcut", "heads", "seed"),
			names(coseg));
		assertEquals(List.of(11, "key", 4, 224, 0.065, 75.0, 0.975, 100, true, false, 0.7, true), defaults(coseg,
			"layer", "facet", "stride", "load_size", "saliency_threshold", "votes_percentage", "elbow", "sample_interval",
			"low_res_saliency", "remove_outliers", "outlier_threshold", "grabcut"));
		final List<CommandInput> parts = CommandInput.of(
			PartCosegmentationCommand.class);
		assertEquals(List.of("image", "model", "model_file", "device", "input", "folder", "output_folder", "overwrite",
			"layer", "facet", "stride", "load_size", "num_parts", "three_stages", "elbow", "elbow_second_stage",
			"crop_augmentations", "crf", "saliency_threshold", "votes_percentage", "sample_interval", "low_res_saliency",
			"seed"), names(parts));
		assertEquals(List.of(4, false, 0.975, 0.94, 0, true, 0.065, 75, 100, true), defaults(parts, "num_parts",
			"three_stages", "elbow", "elbow_second_stage", "crop_augmentations", "crf", "saliency_threshold",
			"votes_percentage", "sample_interval", "low_res_saliency"));
		assertEquals("directory", parts.get(5).style());
	}

	private static List<String> names(final List<CommandInput> inputs) {
		return inputs.stream().map(CommandInput::name).toList();
	}

	private static List<Object> defaults(final List<CommandInput> inputs, final String... keys) {
		final List<Object> out = new ArrayList<>();
		for (final String k : keys)
			out.add(inputs.stream().filter(in -> in.name().equals(k)).findFirst().orElseThrow().defaultValue());
		return out;
	}

	@Test
	void labelPlanesAre16BitBeyond255Parts() {
		final ImageProcessor small = ImagePlusOutputs.labelProcessor(2, 1, new int[] { 0, 255 },
			255);
		assertEquals(8, small.getBitDepth());
		final ImageProcessor big = ImagePlusOutputs.labelProcessor(2, 1, new int[] { 0, 300 },
			300);
		assertEquals(16, big.getBitDepth());
		assertArrayEquals(new short[] { 0, 300 }, (short[]) big.getPixels());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusOutputs.labelProcessor(2, 1,
			new int[] { 0, 5 }, 4));
	}

	static String message(final Throwable e) {
		return CommandsTest.rootMessage(e);
	}

	/** Co-segmentation that the user cancels once the images are read. */
	@org.scijava.plugin.Plugin(type = Command.class, headless = true)
	public static class CancelledCosegmentation extends CosegmentationCommand {
		@Override
		protected Segmentation segment(final sc.fiji.dinovit.vit.ModelCache.Lease lease, final ImageSet set,
			final sc.fiji.dinovit.util.Progress progress)
		{
			cancel("Cancelled by the test");
			return super.segment(lease, set, progress);
		}
	}

	@Test
	void aCancelledFolderRunWritesNothing(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectory(dir.resolve("in")), out = dir.resolve("out");
		save(crop(0, 0, "x"), in.resolve("x.png"));
		final CommandModule m = run(CancelledCosegmentation.class, "input", "folder", "folder", in.toFile(),
			"output_folder", out.toFile());
		assertTrue(m.isCanceled());
		assertEquals("Cancelled by the test", m.getCancelReason());
		assertFalse(Files.exists(out));
	}

	@Test
	void imagesOpenBeforeStayUntouched() throws Exception {
		final ImagePlus stack = cropStack(false);
		final int[] before = ((int[]) stack.getStack().getPixels(2)).clone();
		run(CosegmentationCommand.class, "image", stack, "input", "stack");
		assertArrayEquals(before, (int[]) stack.getStack().getPixels(2));
		assertFalse(stack.changes);
	}
}
