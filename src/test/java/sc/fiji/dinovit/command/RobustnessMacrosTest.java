package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.features.MemoryGuard;
import sc.fiji.dinovit.ij1.HeadlessMacroRunner;
import sc.fiji.dinovit.testutil.PixelHashes;

/**
 * A failed DINO command aborts the calling macro with the command's message: a batch macro never
 * reaches its next step (here: writing a marker file) with a missing or wrong result.
 */
class RobustnessMacrosTest {

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp();
	}

	@BeforeEach
	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	private static String small() {
		return SetMacrosTest.SMALL.replace("\"", "\\\"");
	}

	/** Co-segments each folder into its own output folder, then writes the marker. */
	private static String batch(final Path marker, final Path... folders) {
		final StringBuilder m = new StringBuilder();
		for (final Path f : folders)
			m.append("run(\"DINO Co-segmentation\", \"input=folder folder=[").append(f).append("] output_folder=[")
				.append(f).append("_masks] grabcut low_res_saliency ").append(small()).append("\");\n");
		return m.append("File.saveString(\"all done\", \"").append(marker).append("\");\n").toString();
	}

	@Test
	void aFailingStepStopsTheBatchWithTheCommandsMessage(@TempDir final Path dir) throws Exception {
		final Path good = SetMacrosTest.folderOfCrops(dir);
		final Path bad = Files.createDirectories(dir.resolve("bad"));
		SetCommandsTest.save(SetCommandsTest.crop(130, 40, "a"), bad.resolve("a.png"));
		Files.writeString(bad.resolve("b.tif"), "not a TIFF");
		final Path later = SetMacrosTest.folderOfCrops(Files.createDirectories(dir.resolve("later")));
		final Map<String, String> inputs = PixelHashes.ofFolder(dir);
		final Path marker = dir.resolve("marker.txt");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText(batch(marker, good, bad, later), "");
		assertFalse(r.succeeded());
		assertTrue(r.failure().startsWith("DINO Co-segmentation: ImageJ cannot open " + bad.resolve("b.tif")) && r
			.failure().contains("remove it from the folder or convert it to TIFF or PNG"), r.failure());
		assertFalse(Files.exists(marker), "the macro went on after the failure");
		assertEquals(List.of("a_mask.tif", "b_mask.tif", "c_mask.tif"), List.copyOf(PixelHashes.ofFolder(Path.of(good +
			"_masks")).keySet()), "the step before the failure is complete");
		assertEquals(Map.of(), PixelHashes.ofFolder(Path.of(bad + "_masks")), "the failed step wrote nothing");
		assertFalse(Files.exists(Path.of(later + "_masks")), "the step after the failure did not run");
		for (final Map.Entry<String, String> e : inputs.entrySet())
			assertEquals(e.getValue(), PixelHashes.ofFolder(dir).get(e.getKey()), "input " + e.getKey() + " changed");
	}

	@Test
	void aMemoryRefusalStopsTheMacro(@TempDir final Path dir) throws Exception {
		final Path in = SetMacrosTest.folderOfCrops(dir);
		final Path marker = dir.resolve("marker.txt");
		System.setProperty(MemoryGuard.NATIVE_PROPERTY, "1000");
		try {
			final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText(batch(marker, in), "");
			assertFalse(r.succeeded());
			assertTrue(r.failure().startsWith("DINO Co-segmentation: Not enough memory for this run: 3 images") && r
				.failure().contains("load_size="), r.failure());
		}
		finally {
			System.clearProperty(MemoryGuard.NATIVE_PROPERTY);
		}
		assertFalse(Files.exists(marker));
		assertEquals(Map.of(), PixelHashes.ofFolder(Path.of(in + "_masks")));
	}

	@Test
	void aBadImageInAMacroStopsItBeforeTheModelLoads(@TempDir final Path dir) throws Exception {
		final Path marker = dir.resolve("marker.txt");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText("newImage(\"multi\", \"8-bit ramp\", 64, " +
			"64, 4, 1, 1);\nrun(\"DINO Extract Features\", \"model_file=[" + SetCommandsTest.MODEL +
			"] layer=2 stride=8 load_size=64\");\nFile.saveString(\"x\", \"" + marker +
			"\");\n", "");
		assertFalse(r.succeeded());
		assertEquals("DINO Extract Features: 'multi' has 4 channels: make it one RGB image (Image>Color>Stack to " +
			"RGB) or pick one channel (Image>Duplicate...) first", r.failure());
		assertFalse(Files.exists(marker));
	}
}
