package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import ij.ImagePlus;
import sc.fiji.dinovit.util.Progress;

/**
 * The result files of a folder run, all or nothing: every result is first written to a hidden
 * temporary file next to its target ({@code .<name>.part}), and only when all of them are written
 * are they moved over their final names (atomically where the file system can). A failed write
 * (full disk, folder not writable) deletes the temporary files and reports that nothing was
 * written, so a batch never leaves half a result set or a half-written file under a result name.
 * <p>
 * {@link #requireCreatable} checks a target before any computing, so the common failures (a
 * folder that is a file, a read-only place) come before the model is loaded.
 */
final class ResultFiles {

	/** Writes one image to a path; false or an exception means failure. */
	interface Saver {
		boolean save(ImagePlus imp, String path) throws IOException;
	}

	private ResultFiles() {}

	/**
	 * Checks that {@code file} (a folder or a file to be written) can be created: its nearest
	 * existing ancestor is a writable folder, and the file itself, if it exists, has the expected
	 * kind.
	 *
	 * @param key the macro key, for the message
	 * @throws IllegalArgumentException naming the obstacle and the fix
	 */
	static void requireCreatable(final File file, final boolean folder, final String key) {
		final File abs = file.getAbsoluteFile();
		if (abs.exists()) {
			if (folder && !abs.isDirectory()) throw new IllegalArgumentException(key + " " + file +
				" is a file, not a folder: choose a folder for the results");
			if (!folder && abs.isDirectory()) throw new IllegalArgumentException(key + " " + file +
				" is a folder: give a file name, e.g. " + new File(abs, "result.csv"));
			if (!Files.isWritable((folder ? abs : abs.getParentFile()).toPath())) throw new IllegalArgumentException(
				key + " " + file + " is not writable: choose a folder you may write to");
			return;
		}
		File parent = abs.getParentFile();
		while (parent != null && !parent.exists())
			parent = parent.getParentFile();
		if (parent == null) throw new IllegalArgumentException(key + " " + file +
			" cannot be created (no existing parent folder): choose an existing folder");
		if (!parent.isDirectory()) throw new IllegalArgumentException(key + " " + file + " cannot be created: " +
			parent + " is a file, not a folder; choose another " + key);
		if (!Files.isWritable(parent.toPath())) throw new IllegalArgumentException(key + " " + file +
			" cannot be created: " + parent + " is not writable; choose a folder you may write to");
	}

	/**
	 * Writes image {@code i} to {@code targets.get(i)} for every i, all or nothing.
	 *
	 * @throws IOException naming the file that failed, saying that nothing was written
	 */
	static void writeAll(final List<File> targets, final IntFunction<ImagePlus> image, final Saver saver,
		final Progress progress) throws IOException
	{
		final List<Path> temps = new ArrayList<>();
		try {
			for (int i = 0; i < targets.size(); i++) {
				final File target = targets.get(i);
				final Path dir = target.getAbsoluteFile().getParentFile().toPath();
				Files.createDirectories(dir);
				final Path tmp = dir.resolve("." + target.getName() + ".part");
				temps.add(tmp);
				boolean ok;
				try {
					ok = saver.save(image.apply(i), tmp.toString());
				}
				catch (final IOException | RuntimeException e) {
					throw new IOException(failure(target, targets.size(), e.getMessage()), e);
				}
				if (!ok || !Files.isRegularFile(tmp)) throw new IOException(failure(target, targets.size(), null));
				progress.fraction((i + 1.0) / targets.size());
			}
		}
		catch (final IOException e) {
			for (final Path t : temps)
				Files.deleteIfExists(t);
			if (e.getMessage() != null && e.getMessage().startsWith("Could not write")) throw e;
			throw new IOException(failure(targets.get(Math.min(temps.size(), targets.size() - 1)), targets.size(), e
				.toString()), e);
		}
		for (int i = 0; i < targets.size(); i++)
			move(temps.get(i), targets.get(i).toPath());
	}

	private static String failure(final File target, final int n, final String why) {
		return "Could not write " + target + (why == null ? "" : " (" + why + ")") + ": none of the " + n +
			" result files was written; check that the disk has free space and output_folder is writable, then " +
			"run again";
	}

	private static void move(final Path tmp, final Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
