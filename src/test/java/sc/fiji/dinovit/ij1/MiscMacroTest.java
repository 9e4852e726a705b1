package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import sc.fiji.dinovit.testutil.Fixtures;

/**
 * DINO Evaluate and DINO Models in real batch-mode macros through the headless runner, and the
 * headless-scripting path: a Groovy script run by SciJava's ScriptService calling a command by class.
 */
class MiscMacroTest {

	static final String MODEL = Fixtures.path("models/v1_p8/official.pth").toAbsolutePath().toString();
	static final String CHELSEA = Fixtures.path("images/chelsea.png").toAbsolutePath().toString();

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void evaluateMasksAndPointsOfOpenImagesInAMacro() throws Exception {
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText(String.join("\n",
			"setBatchMode(true);",
			"newImage(\"pred\", \"8-bit black\", 4, 4, 1); makeRectangle(0, 0, 2, 4); run(\"Set...\", \"value=255\");",
			"run(\"Select None\");",
			"newImage(\"truth\", \"8-bit black\", 4, 4, 1); makeRectangle(0, 0, 4, 4); run(\"Set...\", \"value=255\");",
			"run(\"Select None\");",
			"run(\"DINO Evaluate\", \"mode=masks prediction=pred ground_truth=truth\");",
			"j = getResult(\"jaccard\", 0); p = getResult(\"precision\", 0); n = nResults;",
			"newImage(\"a\", \"8-bit black\", 100, 50, 1); makeSelection(\"point\", newArray(10, 50), newArray(10, 20));",
			"newImage(\"b\", \"8-bit black\", 100, 50, 1); makeSelection(\"point\", newArray(12, 90), newArray(10, 20));",
			"run(\"DINO Evaluate\", \"mode=points prediction=a ground_truth=b alpha=0.1 normaliser=image\");",
			"return \"\" + j + \" \" + p + \" \" + n + \" \" + getResult(\"pck\", 0) + \" \" + getResultString(\"image\", 0);"),
			"");
		assertTrue(r.succeeded(), r.failure());
		// masks: half the square -> J 0.5, accuracy 0.5; 1 image + mean; points: threshold 10 -> 2 px yes, 40 px no
		assertEquals("0.5 0.5 2 0.5 b", r.returned());
	}

	@Test
	void evaluateSizeMismatchAbortsTheMacro() throws Exception {
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText(String.join("\n",
			"setBatchMode(true);",
			"newImage(\"small labels\", \"8-bit black\", 4, 3, 1);",
			"newImage(\"true labels\", \"8-bit black\", 4, 4, 1);",
			"run(\"DINO Evaluate\", \"mode=labels prediction=[small labels] ground_truth=[true labels]\");",
			"print(\"should not run\");"), "");
		assertFalse(r.succeeded());
		assertTrue(r.failure().contains("the prediction is 4 x 3 pixels but the ground truth is 4 x 4"), r.failure());
	}

	@Test
	void modelsListInAMacro(@TempDir final Path store) throws Exception {
		System.setProperty("dino.models.dir", store.toString());
		try {
			final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText(String.join("\n",
				"run(\"DINO Models\", \"action=import model=tiny_demo file=[" + MODEL + "]\");",
				"run(\"DINO Models\", \"action=verify model=tiny_demo\");",
				"last = nResults - 1;",
				"return getResultString(\"model\", last) + \" \" + getResultString(\"present\", last) + \" \" + " +
					"getResult(\"size_mb\", last);"), "");
			assertTrue(r.succeeded(), r.failure());
			assertTrue(r.returned().startsWith("tiny_demo yes 2.89"), r.returned());
			final HeadlessMacroRunner.Result off = HeadlessMacroRunner.runText(
				"run(\"DINO Models\", \"action=download model=dino_vits8\");", "");
			assertFalse(off.succeeded()); // surefire runs with ai.djl.offline=true
			assertTrue(off.failure().contains("offline mode is on") && off.failure().contains("action=import"), off
				.failure());
		}
		finally {
			System.clearProperty("dino.models.dir");
		}
	}

	/**
	 * The headless-scripting path: SciJava adapts the JSR-223 Groovy engine (groovy-jsr223 on the
	 * test class path) as a script language; the script calls the command by class.
	 */
	@Test
	void groovyScriptRunsACommandThroughCommandService() throws Exception {
		final Context context = new Context(CommandService.class, ScriptService.class);
		try {
			final String script = String.join("\n",
				"#@ CommandService cs",
				"#@ String path",
				"#@ String model",
				"#@output Integer width",
				"#@output Integer height",
				"def img = ij.IJ.openImage(path)",
				"def m = cs.run(sc.fiji.dinovit.command.ExtractFeaturesCommand, true, [image: img, model_file: new File(model),",
				"    device: 'cpu', layer: 2, facet: 'key', stride: 8, load_size: 0, bin: false, seed: 0]).get()",
				"def f = m.getOutput('features')",
				"width = f.width",
				"height = f.height");
			final ScriptModule m = context.service(ScriptService.class).run("features.groovy", script, true, Map.of(
				"path", CHELSEA, "model", MODEL)).get();
			assertEquals(56, m.getOutput("width"));
			assertEquals(37, m.getOutput("height"));
		}
		finally {
			context.dispose();
		}
	}
}
