package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import sc.fiji.dinovit.testutil.Fixtures;

/**
 * <b>Display test</b> (runs only where {@code DISPLAY} is set; CI runs it under {@code xvfb-run},
 * see {@code .ci/run}): the live recorder round trip. A separate JVM with a display
 * ({@link DisplayDriver}) opens the real GenericDialog of DINO Co-segmentation as a menu click
 * does, with ImageJ's Recorder on, fills it (the tiny fixture model, layer 2, stride 8, load_size
 * 64, input = an open stack), presses OK, reads the recorded {@code run("DINO Co-segmentation",
 * "...")} line, replays it through a macro and compares the masks. The headless round trip
 * ({@code MacroBridgeTest.recordedOptionsReplayToTheSameValues}) covers the same path without a
 * display. The second test clicks in the source of an interactive DINO Similarity Map.
 */
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
class RecorderRoundTripDisplayTest {

	@Test
	void dialogRecordedLineReplaysToTheSameMasks() throws Exception {
		final File model = Fixtures.path("models/v1_p8/official.pth").toFile();
		final File image = Fixtures.path("images/chelsea.png").toFile();
		final String[] run = DisplayDriver.runInNewJvm("roundtrip", model.getAbsolutePath(), image.getAbsolutePath());
		final String out = run[1];
		assertEquals("0", run[0], out);
		final String recorded = out.lines().filter(l -> l.startsWith("RECORDED ")).findFirst().orElse("");
		assertTrue(recorded.startsWith("RECORDED run(\"DINO Co-segmentation\", \"image=crops.tif "), out);
		for (final String kv : new String[] { "model_file=" + model.getAbsolutePath(), " device=cpu ", " input=stack ",
			" layer=2 ", " stride=8 ", " load_size=64 ", " saliency_threshold=0.25 ", " sample_interval=5 ",
			" grabcut " })
			assertTrue(recorded.contains(kv), kv + " in " + recorded);
		assertTrue(out.contains("SIZE 200x150x3 200x150x3"), out);
		assertTrue(out.contains("REPLAYED same"), out);
	}

	/**
	 * The interactive similarity tool, live: DINO Similarity Map with interactive on two shown
	 * images, a mouse click in the source, and the maps (updated in place from the cached
	 * descriptors) equal a fresh run at the clicked point.
	 */
	@Test
	void aClickInTheSourceUpdatesTheMaps() throws Exception {
		final String[] run = DisplayDriver.runInNewJvm("clicktool", Fixtures.path("models/v1_p8/official.pth")
			.toFile().getAbsolutePath(), Fixtures.path("images/chelsea.png").toFile().getAbsolutePath());
		assertEquals("0", run[0], run[1]);
		assertTrue(run[1].contains("CLICK same maps=2"), run[1]);
	}
}
