package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.plugin.Plugin;

import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * Esc pressed while the clustering runs (not between images): the folder run of both set commands
 * ends cancelled within a second and writes no file.
 */
class CancelMidClusteringTest {

	/** Wall time (nanoTime) at which the test "pressed Esc", and at which segment() returned. */
	static final AtomicLong PRESSED = new AtomicLong(), ENDED = new AtomicLong();

	/** A progress that turns cancelled when a status naming clustering is shown: Esc during k-means. */
	static Progress escDuringClustering(final Progress parent) {
		return new Progress() {
			private volatile boolean esc;

			@Override
			public void status(final String message) {
				if (!esc && message.contains("clustering")) {
					PRESSED.set(System.nanoTime());
					esc = true;
				}
				parent.status(message);
			}

			@Override
			public void fraction(final double done) {
				parent.fraction(done);
			}

			@Override
			public boolean isCancelled() {
				return esc || parent.isCancelled();
			}
		};
	}

	/** Runs the segmentation and notes when it ended (also when cancelled). */
	private static ImageSetCommand.Segmentation timed(
		final java.util.function.Supplier<ImageSetCommand.Segmentation> segmentation)
	{
		try {
			return segmentation.get();
		}
		finally {
			ENDED.set(System.nanoTime());
		}
	}

	@Plugin(type = Command.class, headless = true)
	public static class EscCosegmentation extends CosegmentationCommand {
		@Override
		protected Segmentation segment(final ModelCache.Lease lease, final ImageSet set, final Progress progress) {
			return timed(() -> super.segment(lease, set, escDuringClustering(progress)));
		}
	}

	@Plugin(type = Command.class, headless = true)
	public static class EscPartCosegmentation extends PartCosegmentationCommand {
		@Override
		protected Segmentation segment(final ModelCache.Lease lease, final ImageSet set, final Progress progress) {
			return timed(() -> super.segment(lease, set, escDuringClustering(progress)));
		}
	}

	@BeforeAll
	static void setUp() {
		SetCommandsTest.setUp();
	}

	@AfterAll
	static void tearDown() {
		SetCommandsTest.tearDown();
	}

	@AfterEach
	void closeImages() {
		SetCommandsTest.closeAll();
	}

	private static void assertCancelledSoonWritingNothing(final Class<? extends Command> type, final Path dir)
		throws Exception
	{
		final Path in = Files.createDirectory(dir.resolve("in")), out = dir.resolve("out");
		for (int i = 0; i < 3; i++)
			SetCommandsTest.save(SetCommandsTest.crop(100 + 30 * i, 40 + 10 * i, "c" + i), in.resolve("c" + i + ".png"));
		PRESSED.set(0);
		final CommandModule m = SetCommandsTest.run(type, "input", "folder", "folder", in.toFile(), "output_folder", out
			.toFile());
		assertTrue(PRESSED.get() != 0, "the run never reached its clustering");
		assertTrue(m.isCanceled(), "the command ends cancelled");
		final double ms = (ENDED.get() - PRESSED.get()) / 1e6;
		assertTrue(ms < 1000, "stopped " + ms + " ms after Esc");
		assertFalse(Files.exists(out), "nothing written");
	}

	@Test
	void cosegmentation(@TempDir final Path dir) throws Exception {
		assertCancelledSoonWritingNothing(EscCosegmentation.class, dir);
	}

	@Test
	void partCosegmentation(@TempDir final Path dir) throws Exception {
		assertCancelledSoonWritingNothing(EscPartCosegmentation.class, dir);
	}
}
