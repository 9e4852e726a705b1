package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 recorded for a model file, kept next to it as {@code <file>.sha256} in the format of
 * {@code sha256sum} ({@code <hex>  <file name>}), so users can check it with
 * {@code sha256sum -c}.
 */
final class ChecksumRecord {

	static final String SUFFIX = ".sha256";

	private static final Pattern LINE = Pattern.compile("\\s*([0-9a-fA-F]{64})(?:\\s.*)?",
		Pattern.DOTALL);

	private ChecksumRecord() {}

	static Path sidecarOf(final Path modelFile) {
		return modelFile.resolveSibling(modelFile.getFileName() + SUFFIX);
	}

	/**
	 * @return the recorded hash, empty when there is no record
	 * @throws ModelStoreException (CORRUPTED) when the record cannot be parsed
	 */
	static Optional<String> read(final Path modelFile) throws IOException {
		final Path sidecar = sidecarOf(modelFile);
		final String text;
		try {
			text = Files.readString(sidecar, StandardCharsets.UTF_8);
		}
		catch (final NoSuchFileException e) {
			return Optional.empty();
		}
		final Matcher m = LINE.matcher(text);
		if (!m.matches()) throw new ModelStoreException(ModelStoreException.Reason.CORRUPTED,
			"The checksum record " + sidecar + " is damaged (no SHA-256 in it). Download or import the model again to re-create it.");
		return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
	}

	/** Writes (atomically) the record for a model file. */
	static void write(final Path modelFile, final String sha256) throws IOException {
		AtomicFiles.writeString(sidecarOf(modelFile), sha256 + "  " + modelFile.getFileName() + "\n");
	}

	static void delete(final Path modelFile) throws IOException {
		Files.deleteIfExists(sidecarOf(modelFile));
	}
}
