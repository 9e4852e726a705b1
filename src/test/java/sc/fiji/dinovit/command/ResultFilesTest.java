package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import sc.fiji.dinovit.testutil.PixelHashes;
import sc.fiji.dinovit.util.Progress;

/**
 * Folder results are written all or none: a writer that fails part-way (a full disk) leaves no
 * result file and no temporary file, and files that were there before keep their content.
 */
class ResultFilesTest {

	private static ImagePlus image(final int v) {
		final ByteProcessor ip = new ByteProcessor(4, 3);
		ip.setValue(v);
		ip.fill();
		return new ImagePlus("r" + v, ip);
	}

	private static final ResultFiles.Saver TIFF = (imp, path) -> new FileSaver(imp).saveAsTiff(path);

	@Test
	void allResultsAreWrittenUnderTheirNames(@TempDir final Path dir) throws IOException {
		final List<File> targets = List.of(dir.resolve("out/a.tif").toFile(), dir.resolve("out/b.tif").toFile());
		ResultFiles.writeAll(targets, i -> image(10 + i), TIFF, Progress.NONE);
		assertEquals(List.of("a.tif", "b.tif"), List.copyOf(PixelHashes.ofFolder(dir.resolve("out")).keySet()));
		assertEquals(11, ij.IJ.openImage(targets.get(1).getPath()).getProcessor().get(0, 0));
	}

	@Test
	void aWriterFailingPartWayLeavesNothing(@TempDir final Path dir) throws IOException {
		final Path out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("b.tif"), "an older result");
		final Map<String, String> before = PixelHashes.ofFolder(out);
		final List<File> targets = List.of(out.resolve("a.tif").toFile(), out.resolve("b.tif").toFile(), out.resolve(
			"c.tif").toFile());
		final int[] calls = { 0 };
		final ResultFiles.Saver diskFullAtThird = (imp, path) -> {
			if (++calls[0] == 3) {
				Files.writeString(Path.of(path), "half"); // a half-written file, then the disk is full
				throw new IOException("No space left on device");
			}
			return TIFF.save(imp, path);
		};
		final IOException e = assertThrows(IOException.class, () -> ResultFiles.writeAll(targets, ResultFilesTest::image,
			diskFullAtThird, Progress.NONE));
		assertTrue(e.getMessage().contains("Could not write " + targets.get(2)) && e.getMessage().contains(
			"No space left on device") && e.getMessage().contains("none of the 3 result files was written") && e
				.getMessage().contains("free space"), e.getMessage());
		assertEquals(before, PixelHashes.ofFolder(out), "a result or temporary file was left");

		final ResultFiles.Saver refuses = (imp, path) -> false; // FileSaver's way to fail
		final IOException e2 = assertThrows(IOException.class, () -> ResultFiles.writeAll(targets,
			ResultFilesTest::image, refuses, Progress.NONE));
		assertTrue(e2.getMessage().contains("Could not write " + targets.get(0)), e2.getMessage());
		assertEquals(before, PixelHashes.ofFolder(out));
	}

	@Test
	void targetsThatCannotBeCreatedAreNamed(@TempDir final Path dir) throws IOException {
		final Path file = Files.writeString(dir.resolve("f"), "x");
		final IllegalArgumentException under = assertThrows(IllegalArgumentException.class, () -> ResultFiles
			.requireCreatable(file.resolve("sub/out").toFile(), true, "output_folder"));
		assertTrue(under.getMessage().contains(file + " is a file, not a folder; choose another output_folder"), under
			.getMessage());
		final IllegalArgumentException folderAsFile = assertThrows(IllegalArgumentException.class, () -> ResultFiles
			.requireCreatable(dir.toFile(), false, "csv_file"));
		assertTrue(folderAsFile.getMessage().contains("is a folder: give a file name"), folderAsFile.getMessage());
		ResultFiles.requireCreatable(dir.resolve("new/deeper").toFile(), true, "output_folder");
		assertTrue(!Files.exists(dir.resolve("new")), "a check creates nothing");
	}
}
