package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.frame.Recorder;
import sc.fiji.dinovit.command.ExtractFeaturesCommand;
import sc.fiji.dinovit.testutil.Fixtures;

/** Real ImageJ 1 macros in batch mode through the headless runner, plus the recorder round trip. */
class MacroBridgeTest {

	static final String MODEL = Fixtures.path("models/v1_p8/official.pth").toAbsolutePath().toString();
	static final String CHELSEA = Fixtures.path("images/chelsea.png").toAbsolutePath().toString();

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void commandTableHasBuiltInsAndOurEntries() throws Exception {
		final Map<String, String> table = CommandTable.build();
		assertEquals("sc.fiji.dinovit.ij1.CommandBridge(\"sc.fiji.dinovit.command.ExtractFeaturesCommand\")", table
			.get("DINO Extract Features"));
		assertEquals("ij.plugin.filter.Writer(\"tiff\")", table.get("Tiff..."));
		assertEquals("ij.plugin.Commands(\"new\")", table.get("Image..."));
	}

	@Test
	void macroOpensRunsOurCommandAndSaves(@TempDir final Path dir) throws Exception {
		final Path out = dir.resolve("features.tif");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText("open(\"" + CHELSEA + "\");\n" +
			"run(\"DINO Extract Features\", \"model_file=[" + MODEL + "] device=cpu layer=2 facet=key stride=8 " +
			"load_size=0\");\n" + "saveAs(\"Tiff\", getArgument());\n" + "return getTitle() + \" \" + nSlices;\n",
			out.toString());
		assertTrue(r.succeeded(), r.failure());
		assertTrue(Files.isRegularFile(out));
		final ImagePlus saved = IJ.openImage(out.toString());
		assertEquals(56, saved.getWidth());
		assertEquals(37, saved.getHeight());
		assertEquals(8.0, saved.getCalibration().pixelWidth, 1e-9);
		assertTrue(r.returned().startsWith("features.tif "), r.returned());
	}

	@Test
	void failingCommandAbortsTheMacroWithOurMessage(@TempDir final Path dir) throws Exception {
		final Path after = dir.resolve("after.txt");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText("open(\"" + CHELSEA + "\");\n" +
			"run(\"DINO Extract Features\", \"model_file=[" + MODEL + "] layer=11 stride=8 load_size=0\");\n" +
			"File.saveString(\"should not run\", getArgument());\n", after.toString());
		assertFalse(r.succeeded());
		assertTrue(r.failure().contains("Layer 11 does not exist"), r.failure());
		assertFalse(Files.exists(after), "the macro went on after the failure");
	}

	@Test
	void typosInKeysAreErrorsNotSilentDefaults() throws Exception {
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText("open(\"" + CHELSEA + "\");\n" +
			"run(\"DINO Extract Features\", \"model_file=[" + MODEL + "] layr=2\");\n", "");
		assertFalse(r.succeeded());
		assertTrue(r.failure().contains("Unknown key 'layr'"), r.failure());
	}

	@Test
	void mainExitsNonZeroWithTheMessage(@TempDir final Path dir) throws Exception {
		final Path macro = dir.resolve("fail.ijm");
		Files.write(macro, ("open(\"" + CHELSEA + "\"); run(\"DINO Extract Features\", \"model_file=[" + MODEL +
			"] layer=11 load_size=0\");").getBytes());
		final ProcessBuilder pb = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"-Djava.awt.headless=true", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
			HeadlessMacroRunner.class.getName(), macro.toString()).redirectErrorStream(true);
		final Process p = pb.start();
		final String output = new String(p.getInputStream().readAllBytes());
		assertEquals(1, p.waitFor(), output);
		assertTrue(output.contains("Layer 11 does not exist"), output);
		// A user error is one clean message: no SciJava "Command errored" and no stack trace.
		assertFalse(output.contains("Command errored"), output);
		assertFalse(output.contains("\tat "), output);
	}

	/**
	 * A GenericDialog needs a display (ij1-patcher, which makes it headless in Fiji, is not on
	 * Central), so the round trip records the values the way GenericDialog does (Recorder.recordOption
	 * with the label's first word as key, checkboxes only when on) and replays the recorded string
	 * through the bridge's macro path.
	 */
	@Test
	void recordedOptionsReplayToTheSameValues() {
		final List<CommandInput> inputs = CommandInput.of(ExtractFeaturesCommand.class);
		final ImagePlus imp = new ImagePlus("my cat.png", new ij.process.ColorProcessor(16, 16));
		ij.WindowManager.setTempCurrentImage(imp);
		ij.macro.Interpreter.addBatchModeImage(imp);
		try {
			final Map<String, Object> chosen = new java.util.LinkedHashMap<>();
			chosen.put("image", imp);
			chosen.put("model", "dinov2_vits14_reg");
			chosen.put("model_file", new File("/data/my models/dino.pth"));
			chosen.put("device", "cpu");
			chosen.put("layer", 9);
			chosen.put("facet", "value");
			chosen.put("stride", 7);
			chosen.put("load_size", 0);
			chosen.put("bin", true);
			chosen.put("seed", 3);
			Recorder.resetCommandOptions();
			for (final CommandInput in : inputs)
				recordLikeGenericDialog(in, chosen.get(in.name()));
			final String options = Recorder.getCommandOptions();
			assertEquals("image=[my cat.png] model=dinov2_vits14_reg model_file=[/data/my models/dino.pth] " +
				"device=cpu layer=9 facet=value stride=7 load_size=0 bin seed=3", options);
			assertEquals(chosen, MacroOptions.read("DINO Extract Features", inputs, options));
			chosen.put("bin", false); // an unchecked box is left out, and replays as false
			Recorder.resetCommandOptions();
			for (final CommandInput in : inputs)
				recordLikeGenericDialog(in, chosen.get(in.name()));
			assertEquals(chosen, MacroOptions.read("DINO Extract Features", inputs, Recorder.getCommandOptions()));
		}
		finally {
			ij.macro.Interpreter.removeBatchModeImage(imp);
			Recorder.resetCommandOptions();
		}
	}

	@Test
	void inputsAreTheSnakeCaseFieldsWithDefaults() {
		final List<CommandInput> inputs = CommandInput.of(ExtractFeaturesCommand.class);
		assertEquals(List.of("image", "model", "model_file", "device", "layer", "facet", "stride", "load_size",
			"bin", "seed"), inputs.stream().map(CommandInput::name).toList());
		assertEquals(11, inputs.get(4).defaultValue());
		assertEquals("dino_vits8", inputs.get(1).defaultValue());
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.read("x", inputs, "facet=keys"));
	}

	private static void recordLikeGenericDialog(final CommandInput in, final Object v) {
		switch (in.kind()) {
			case IMAGE: Recorder.recordOption(in.name(), ((ImagePlus) v).getTitle()); break;
			case BOOLEAN: if ((Boolean) v) Recorder.recordOption(in.name()); break;
			case INTEGER: Recorder.recordOption(in.name(), IJ.d2s(((Number) v).doubleValue(), 0)); break;
			case FILE: Recorder.recordPath(in.name(), v == null ? "" : v.toString()); break;
			default: Recorder.recordOption(in.name(), v == null ? "" : v.toString());
		}
		assertNotNull(Recorder.getCommandOptions());
	}
}
