package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File operations that never leave a partial file under a final name: everything is written to
 * {@code <name>.part-<random>} in the same folder, flushed to disk, then moved over the final name.
 */
final class AtomicFiles {

	static final String PART_MARKER = ".part-";

	private AtomicFiles() {}

	/** A new, empty temporary file next to {@code target}: {@code <target name>.part-<random>}. */
	static Path createTempSibling(final Path target) throws IOException {
		for (int attempt = 0;; attempt++) {
			final byte[] random = new byte[6];
			ThreadLocalRandom.current().nextBytes(random);
			final Path temp = target.resolveSibling(target.getFileName() + PART_MARKER + HexFormat.of()
				.formatHex(random));
			try {
				return Files.createFile(temp);
			}
			catch (final java.nio.file.FileAlreadyExistsException e) {
				if (attempt > 10) throw e;
			}
		}
	}

	/**
	 * Moves {@code source} over {@code target} with {@link StandardCopyOption#ATOMIC_MOVE}; only
	 * where the file system cannot do that atomically, falls back to
	 * {@link StandardCopyOption#REPLACE_EXISTING}.
	 */
	static void moveIntoPlace(final Path source, final Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Writes a small text file atomically (temp + fsync + move). */
	static void writeString(final Path target, final String text) throws IOException {
		final Path temp = createTempSibling(target);
		try {
			Files.write(temp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
			moveIntoPlace(temp, target);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	static boolean isTemp(final Path file) {
		return file.getFileName().toString().contains(PART_MARKER);
	}

	/**
	 * Deletes every {@code *.part-*} file in the folder. Only call while holding the folder's
	 * {@link ModelFolderLock}: then no live writer owns them.
	 *
	 * @return how many were deleted
	 */
	static int deleteLeftoverTemps(final Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return 0;
		int count = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + PART_MARKER + "*")) {
			for (final Path f : files)
				if (Files.deleteIfExists(f)) count++;
		}
		return count;
	}

	/** Best-effort delete for cleanup paths that already report another error. */
	static void deleteQuietly(final Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (final IOException e) {
			// the original failure matters more; a leftover temp is removed by the next download
		}
	}
}
