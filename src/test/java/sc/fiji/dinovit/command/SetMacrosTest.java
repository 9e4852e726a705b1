package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.dinovit.ij1.HeadlessMacroRunner;

/**
 * The set macros under macros/ and the set commands in macros, through the headless runner, on
 * crops of the test image with the tiny random-weight model (layer 2, load_size 64, stride 8; the
 * saliency threshold raised so that the masks are neither empty nor full).
 */
class SetMacrosTest {

	static final String SMALL = "model_file=[" + SetCommandsTest.MODEL.getAbsolutePath() + "] device=cpu layer=2 " +
		"stride=8 load_size=64 saliency_threshold=" + SetCommandsTest.THRESHOLD + " sample_interval=5";

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp();
	}

	@BeforeEach
	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	/** Three crops of the test image as a.png, b.tif (calibrated) and c.jpg. */
	static Path folderOfCrops(final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("my images"));
		final String[] names = { "a.png", "b.tif", "c.jpg" };
		for (int i = 0; i < names.length; i++)
			SetCommandsTest.save(SetCommandsTest.crop(130 + 20 * i, 40 + 10 * i, names[i]), in.resolve(names[i]));
		return in;
	}

	@Test
	void cosegmentFolderMacroWritesOneMaskPerImage(@TempDir final Path dir) throws Exception {
		final Path in = folderOfCrops(dir), out = dir.resolve("masks");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.run(Paths.get("macros/cosegment_folder.ijm"),
			"folder=[" + in + "] output_folder=[" + out + "] " + SMALL);
		assertTrue(r.succeeded(), r.failure());
		double fg = 0;
		for (final String stem : new String[] { "a", "b", "c" }) {
			final ImagePlus mask = IJ.openImage(out.resolve(stem + "_mask.tif").toString());
			assertNotNull(mask, stem + "_mask.tif");
			assertEquals(200, mask.getWidth());
			assertEquals(150, mask.getHeight());
			fg += SetCommandsTest.assertBinary(mask) / 3;
			if (stem.equals("b")) SetCommandsTest.assertCalibrated(mask);
		}
		assertTrue(fg > 0 && fg < 1, "foreground fraction " + fg);

		final HeadlessMacroRunner.Result again = HeadlessMacroRunner.run(Paths.get("macros/cosegment_folder.ijm"),
			"folder=[" + in + "] output_folder=[" + out + "] " + SMALL);
		assertFalse(again.succeeded());
		assertTrue(again.failure().contains("already exists: add overwrite"), again.failure());
	}

	@Test
	void partTimeLapseMacroSavesALabelStackOfTheFrames(@TempDir final Path dir) throws Exception {
		final Path movie = dir.resolve("my movie.tif");
		SetCommandsTest.save(SetCommandsTest.cropStack(false), movie); // a plain stack: its slices are the frames
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.run(Paths.get("macros/part_cosegment_timelapse.ijm"),
			"stack=[" + movie + "] num_parts=3 " + SMALL);
		assertTrue(r.succeeded(), r.failure());
		final ImagePlus labels = IJ.openImage(dir.resolve("my movie_parts.tif").toString());
		assertNotNull(labels);
		assertEquals(8, labels.getBitDepth());
		assertEquals(200, labels.getWidth());
		assertEquals(150, labels.getHeight());
		assertEquals(3, labels.getNFrames());
		assertEquals(1, labels.getNSlices());
		SetCommandsTest.assertCalibrated(labels);
		final boolean[] seen = SetCommandsTest.assertLabels(labels, 3);
		assertTrue(seen[1], "part 1 is somewhere");
		assertEquals(0, labels.getProcessor().getLut().getRGB(0) & 0xffffff, "background is black");
		assertEquals(0xff00ff00, labels.getProcessor().getLut().getRGB(1), "the LUT was saved");
	}

	@Test
	void openImagesGiveOneResultImageEachAndErrorsStopTheMacro(@TempDir final Path dir) throws Exception {
		final Path in = folderOfCrops(dir);
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.runText("open(\"" + in.resolve("a.png") + "\");\n" +
			"open(\"" + in.resolve("b.tif") + "\");\n" + "run(\"DINO Co-segmentation\", \"input=open_images grabcut " +
			SMALL.replace("\"", "\\\"") + "\");\n" + "titles = \"\";\n" + "for (i = 1; i <= nImages; i++) { selectImage(i); " +
			"titles = titles + getTitle() + \" \" + getWidth() + \";\"; }\n" + "return titles;\n", "");
		assertTrue(r.succeeded(), r.failure());
		assertEquals("a.png 200;b.tif 200;a_mask 200;b_mask 200;", r.returned());

		SetCommandsTest.closeAll();
		final HeadlessMacroRunner.Result noOutput = HeadlessMacroRunner.runText("run(\"DINO Part Co-segmentation\", " +
			"\"input=folder folder=[" + in + "] " + SMALL.replace("\"", "\\\"") + "\");\n", "");
		assertFalse(noOutput.succeeded());
		assertTrue(noOutput.failure().contains("DINO Part Co-segmentation: input=folder needs output_folder"), noOutput
			.failure());
	}
}
