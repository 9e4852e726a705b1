package sc.fiji.dinovit.model.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import sc.fiji.dinovit.model.ModelSpec;

/**
 * A model the store knows how to download: an official DINO / DINOv2 backbone checkpoint.
 * Immutable value; the {@code with...} methods return modified copies (used for mirrors and tests).
 * <p>
 * {@link #approximateSizeBytes()} is an estimate for progress display, disk-space checks and a
 * plausibility check (a file less than half or more than twice this size is rejected: it is an
 * error page or a different model). {@link #expectedSizeBytes()} and {@link #expectedSha256()}
 * are exact values that are enforced when present; no official checksums are published, so they
 * are empty for the official models and the store records the hash at the first download instead.
 */
public final class KnownModel {

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private final String id;
	private final String displayName;
	private final ModelSpec.Family family;
	private final URI url;
	private final String fileName;
	private final long approximateSizeBytes;
	private final long expectedSizeBytes;
	private final String expectedSha256;
	private final ExpectedArchitecture architecture;

	/**
	 * @param approximateSizeBytes estimated file size, or 0 when unknown (disables the
	 *          plausibility check)
	 */
	public KnownModel(final String id, final String displayName, final ModelSpec.Family family,
		final URI url, final String fileName, final long approximateSizeBytes)
	{
		this(id, displayName, family, url, fileName, approximateSizeBytes, -1, null, null);
	}

	private KnownModel(final String id, final String displayName, final ModelSpec.Family family,
		final URI url, final String fileName, final long approximateSizeBytes,
		final long expectedSizeBytes, final String expectedSha256, final ExpectedArchitecture architecture)
	{
		if (!ModelIds.isValid(id)) throw new IllegalArgumentException(ModelIds.problem(id));
		if (fileName == null || !ModelIds.isSafeFileName(fileName)) throw new IllegalArgumentException(
			"Invalid file name for model " + id + ": '" + fileName + "'");
		if (approximateSizeBytes < 0) throw new IllegalArgumentException(
			"Approximate size must be >= 0 (0 = unknown): " + approximateSizeBytes);
		this.id = id;
		this.displayName = Objects.requireNonNull(displayName, "displayName");
		this.family = Objects.requireNonNull(family, "family");
		this.url = Objects.requireNonNull(url, "url");
		this.fileName = fileName;
		this.approximateSizeBytes = approximateSizeBytes;
		this.expectedSizeBytes = expectedSizeBytes;
		this.expectedSha256 = expectedSha256;
		this.architecture = architecture;
	}

	/** Registry id, e.g. {@code dino_vits8}; also the name of the model's folder in the store. */
	public String id() {
		return id;
	}

	/** Human-readable name, e.g. "DINO ViT-S/8". */
	public String displayName() {
		return displayName;
	}

	public ModelSpec.Family family() {
		return family;
	}

	/** Where the checkpoint is downloaded from (the official server may redirect). */
	public URI url() {
		return url;
	}

	/** The file's name in the store, the same as the official one (e.g. dino_deitsmall8_pretrain.pth). */
	public String fileName() {
		return fileName;
	}

	/** Estimated size in bytes, 0 when unknown. Not enforced exactly. */
	public long approximateSizeBytes() {
		return approximateSizeBytes;
	}

	/** Exact size in bytes when known; enforced on download and import. */
	public OptionalLong expectedSizeBytes() {
		return expectedSizeBytes < 0 ? OptionalLong.empty() : OptionalLong.of(expectedSizeBytes);
	}

	/** Lower-case hex SHA-256 when known; enforced on download, import and load. */
	public Optional<String> expectedSha256() {
		return Optional.ofNullable(expectedSha256);
	}

	/** A copy downloading from another address (a mirror, or a local test server). */
	public KnownModel withUrl(final URI newUrl) {
		return new KnownModel(id, displayName, family, newUrl, fileName, approximateSizeBytes,
			expectedSizeBytes, expectedSha256, architecture);
	}

	/** A copy that requires this SHA-256 (64 hex digits; case is ignored). */
	public KnownModel withExpectedSha256(final String sha256) {
		final String hex = sha256.trim().toLowerCase(Locale.ROOT);
		if (!SHA256_HEX.matcher(hex).matches()) throw new IllegalArgumentException(
			"Not a SHA-256 (64 hex digits): '" + sha256 + "'");
		return new KnownModel(id, displayName, family, url, fileName, approximateSizeBytes,
			expectedSizeBytes, hex, architecture);
	}

	/** A copy that requires exactly this many bytes. */
	public KnownModel withExpectedSize(final long bytes) {
		if (bytes < 0) throw new IllegalArgumentException("Size must be >= 0: " + bytes);
		return new KnownModel(id, displayName, family, url, fileName, approximateSizeBytes, bytes,
			expectedSha256, architecture);
	}

	/** The architecture the file must have when known; checked when the model is loaded. */
	public Optional<ExpectedArchitecture> architecture() {
		return Optional.ofNullable(architecture);
	}

	/** A copy whose file must have this architecture. */
	public KnownModel withArchitecture(final ExpectedArchitecture expected) {
		return new KnownModel(id, displayName, family, url, fileName, approximateSizeBytes,
			expectedSizeBytes, expectedSha256, Objects.requireNonNull(expected, "expected"));
	}

	/**
	 * Refuses a file whose model is not this one's architecture, naming both and the fix.
	 *
	 * @throws ModelStoreException (reason {@code WRONG_ARCHITECTURE}) on a mismatch
	 */
	public void checkArchitecture(final ModelSpec found, final Path file)
		throws ModelStoreException
	{
		if (architecture == null) return;
		final Optional<String> mismatch = architecture.mismatch(found);
		if (mismatch.isPresent()) throw new ModelStoreException(ModelStoreException.Reason.WRONG_ARCHITECTURE,
			"The file stored as '" + id + "' (" + file + ") holds a " + found.describe() + ", not " +
			displayName + ": " + mismatch.get() + ". Remove it (DINO Models, action=remove) and download " +
			"it again, or import the right file (" + fileName + " from " + url + "), or give the file " +
			"with model_file instead of model=" + id + ".");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof KnownModel)) return false;
		final KnownModel m = (KnownModel) o;
		return id.equals(m.id) && displayName.equals(m.displayName) && family == m.family && url.equals(
			m.url) && fileName.equals(m.fileName) && approximateSizeBytes == m.approximateSizeBytes &&
			expectedSizeBytes == m.expectedSizeBytes && Objects.equals(expectedSha256, m.expectedSha256) &&
			Objects.equals(architecture, m.architecture);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, url, fileName);
	}

	@Override
	public String toString() {
		return id + " (" + displayName + ", " + url + ")";
	}
}
