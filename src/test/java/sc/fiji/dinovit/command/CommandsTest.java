package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
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
import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.model.store.ModelRegistry;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;

/** Every command run through CommandService in a minimal Context, on the tiny 3-layer fixture. */
class CommandsTest {

	static final File MODEL = Fixtures.path("models/v1_p8/official.pth").toFile();
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

	private static CommandModule run(final Class<? extends org.scijava.command.Command> type,
		final Object... keyValues) throws Exception
	{
		return sc.fiji.dinovit.testutil.CommandRunner.run(context, type, keyValues);
	}

	@Test
	void extractFeaturesGivesOneSlicePerChannelCalibratedToTheInput() throws Exception {
		final int[] before = ((int[]) chelsea.getProcessor().getPixels()).clone();
		final CommandModule m = run(ExtractFeaturesCommand.class, "image", chelsea, "model_file", MODEL, "device",
			"cpu", "layer", 2, "facet", "key", "stride", 8, "load_size", 0, "bin", false);
		final ImagePlus out = (ImagePlus) m.getOutput("features");
		assertNotNull(out);
		// 451 x 300, patch 8, stride 8: 56 columns, 37 rows
		assertEquals(56, out.getWidth());
		assertEquals(37, out.getHeight());
		assertEquals(32, out.getBitDepth());
		assertEquals(8.0, out.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.0, out.getCalibration().xOrigin, 1e-12); // pixel c spans input pixels [8c, 8c+8)
		assertArrayEquals(before, (int[]) chelsea.getProcessor().getPixels(), "input untouched");

		try (VitModel model = ModelCache.load(MODEL.toPath(), ai.djl.Device.cpu())) {
			final ImageFeatures f = new FeatureExtractor(model).extract(ImagePlusInputs.sourceImage(chelsea, 1),
				ExtractionSettings.builder().layer(2).facet(Facet.KEY).stride(8).loadSize(0).build(), () -> false);
			assertEquals(f.descriptors().dim(), out.getStackSize());
			final int c = 5, patch = f.grid().index(3, 7);
			assertEquals(f.descriptors().data()[patch * f.descriptors().dim() + c], out.getStack().getProcessor(c + 1)
				.getf(7, 3), 0f);
		}
	}

	@Test
	void resizedInputsScaleTheCalibration() throws Exception {
		final ImagePlus out = (ImagePlus) run(ExtractFeaturesCommand.class, "image", chelsea, "model_file", MODEL,
			"layer", 1, "stride", 4, "load_size", 150, "bin", true).getOutput("features");
		// 451 x 300 -> 226 x 150 (load_size is the shorter side); stride 4 => ~ 8 input pixels per patch step
		final double scale = 300 / 150.0;
		assertEquals(4 * scale, out.getCalibration().pixelHeight, 1e-9);
		assertTrue(out.getStackSize() % 17 == 0, "binned: 17 x dim slices");
	}

	@Test
	void saliencyMapIsInUnitRangeAndUpscalesToTheInput() throws Exception {
		final ImagePlus grid = (ImagePlus) run(SaliencyMapCommand.class, "image", chelsea, "model_file", MODEL,
			"stride", 8, "load_size", 0, "heads", "all", "upscale", false).getOutput("saliency");
		assertEquals(56, grid.getWidth());
		final float[] px = (float[]) grid.getProcessor().getPixels();
		assertEquals(1f, max(px), 1e-6);
		final ImagePlus up = (ImagePlus) run(SaliencyMapCommand.class, "image", chelsea, "model_file", MODEL,
			"stride", 8, "load_size", 0, "heads", "", "upscale", true).getOutput("saliency");
		assertEquals(451, up.getWidth());
		assertEquals(300, up.getHeight());
		assertEquals(chelsea.getCalibration().pixelWidth, up.getCalibration().pixelWidth);
	}

	@Test
	void badSettingsFailWithTheProblemAndTheFix() {
		final ExecutionException layer = assertThrows(ExecutionException.class, () -> run(ExtractFeaturesCommand.class,
			"image", chelsea, "model_file", MODEL, "layer", 11, "stride", 8, "load_size", 0));
		assertTrue(rootMessage(layer).contains("Layer 11 does not exist"), rootMessage(layer));
		final ExecutionException heads = assertThrows(ExecutionException.class, () -> run(SaliencyMapCommand.class,
			"image", chelsea, "model_file", MODEL, "heads", "0,99", "load_size", 0));
		assertTrue(rootMessage(heads).contains("Head 99 does not exist"), rootMessage(heads));
	}

	/** Inputs left out would be filled from SciJava's persisted values: name model_file = null. */
	@Test
	void missingRegistryModelOfflineNamesModelFile(@TempDir final Path store) {
		System.setProperty("dino.models.dir", store.toString());
		try {
			final ExecutionException e = assertThrows(ExecutionException.class, () -> run(
				ExtractFeaturesCommand.class, "image", chelsea, "model", "dino_vits8", "model_file", null,
				"layer", 2));
			assertTrue(rootMessage(e).contains("model_file="), rootMessage(e));
		}
		finally {
			System.clearProperty("dino.models.dir");
		}
	}

	@Test
	void cancelledBeforeTheFirstImageGivesNoOutput() throws Exception {
		final CommandModule m = run(CancellingCommand.class, "image", chelsea, "model_file", MODEL, "layer", 2,
			"stride", 8, "load_size", 0);
		assertTrue(m.isCanceled());
		assertEquals("Cancelled by the test", m.getCancelReason());
		assertEquals(null, m.getOutput("features"));
	}

	@Test
	void modelChoicesAreTheRegistryIds() throws Exception {
		final Parameter p = DinoCommand.class.getDeclaredField("model").getAnnotation(Parameter.class);
		assertEquals(ModelRegistry.official().ids(), Arrays.asList(p.choices()));
	}

	private static float max(final float[] a) {
		float m = Float.NEGATIVE_INFINITY;
		for (final float v : a)
			m = Math.max(m, v);
		return m;
	}

	/** The message the bridge would show. */
	static String rootMessage(final Throwable e) {
		return sc.fiji.dinovit.ij1.CommandBridge.rootMessage(e).getMessage();
	}
}
