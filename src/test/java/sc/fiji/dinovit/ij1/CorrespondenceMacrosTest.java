package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.testutil.Fixtures;

/** The shipped macros of the correspondence / PCA commands, run in batch mode by the headless runner. */
class CorrespondenceMacrosTest {

	static final String MODEL = Fixtures.path("models/v1_p8/official.pth").toAbsolutePath().toString();
	static final String IMAGES = Fixtures.path("images").toAbsolutePath().toString();

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void correspondencesToCsv(@TempDir final Path dir) throws Exception {
		final Path csv = dir.resolve("pairs.csv");
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.run(Paths.get("macros/correspondences_to_csv.ijm"),
			"a=[" + IMAGES + "/chelsea.png] b=[" + IMAGES + "/chelsea_L.png] csv=[" + csv + "] model_file=[" + MODEL +
				"] device=cpu layer=2 stride=8 load_size=64 saliency_threshold=0 num_pairs=4");
		assertTrue(r.succeeded(), r.failure());
		final List<String> lines = Files.readAllLines(csv);
		assertEquals("match,x_a,y_a,x_b,y_b,similarity,saliency", lines.get(0));
		assertEquals(Integer.parseInt(r.returned().trim()) + 1, lines.size(), "PointRoi on A has one point per row");
	}

	@Test
	void pcaFolder(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		Files.copy(Fixtures.path("images/small.png"), in.resolve("a.png"));
		Files.copy(Fixtures.path("images/square.png"), in.resolve("b.png"));
		Files.writeString(in.resolve("readme.md"), "skip me");
		final Path out = dir.resolve("out");
		final String arg = "input=[" + in + "] output=[" + out + "] model_file=[" + MODEL +
			"] device=cpu layer=2 stride=8 load_size=48 together upscale";
		final HeadlessMacroRunner.Result r = HeadlessMacroRunner.run(Paths.get("macros/pca_folder.ijm"), arg);
		assertTrue(r.succeeded(), r.failure());
		assertTrue(Files.isRegularFile(out.resolve("a_pca.png")));
		assertTrue(Files.isRegularFile(out.resolve("b_pca.png")));
		final HeadlessMacroRunner.Result again = HeadlessMacroRunner.run(Paths.get("macros/pca_folder.ijm"), arg);
		assertTrue(!again.succeeded() && again.failure().contains("overwrite"), again.failure());
	}
}
