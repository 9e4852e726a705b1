package sc.fiji.dinovit.model.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@link ModelStore#list()}: a known model (present or not) or an imported custom
 * checkpoint. Immutable snapshot; the file may change after it was taken. The SHA-256 is the
 * recorded one; it is not re-computed by {@code list()} (use {@link ModelStore#verify(String)}).
 */
public final class StoredModel {

	private final String id;
	private final Path path;
	private final boolean present;
	private final long sizeBytes;
	private final String sha256;
	private final KnownModel knownModel;

	StoredModel(final String id, final Path path, final boolean present, final long sizeBytes,
		final String sha256, final KnownModel knownModel)
	{
		this.id = Objects.requireNonNull(id);
		this.path = Objects.requireNonNull(path);
		this.present = present;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.knownModel = knownModel;
	}

	public String id() {
		return id;
	}

	/** The model file, or where it will be once downloaded. */
	public Path path() {
		return path;
	}

	/** Whether the file exists (not whether it is intact). */
	public boolean isPresent() {
		return present;
	}

	/** File size in bytes; 0 when absent. */
	public long sizeBytes() {
		return sizeBytes;
	}

	/** The recorded SHA-256 (lower-case hex); empty when absent or never recorded. */
	public Optional<String> sha256() {
		return Optional.ofNullable(sha256);
	}

	/** Whether the id is in the registry (as opposed to a custom import). */
	public boolean isKnown() {
		return knownModel != null;
	}

	/** The registry entry for known models. */
	public Optional<KnownModel> knownModel() {
		return Optional.ofNullable(knownModel);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof StoredModel)) return false;
		final StoredModel s = (StoredModel) o;
		return id.equals(s.id) && path.equals(s.path) && present == s.present &&
			sizeBytes == s.sizeBytes && Objects.equals(sha256, s.sha256) && Objects.equals(knownModel,
				s.knownModel);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, path, present, sizeBytes, sha256);
	}

	@Override
	public String toString() {
		return id + (isKnown() ? "" : " (custom)") + ": " + (present ? path + ", " + sizeBytes +
			" bytes" + (sha256 != null ? ", sha256 " + sha256 : ", no checksum record") : "not present");
	}
}
