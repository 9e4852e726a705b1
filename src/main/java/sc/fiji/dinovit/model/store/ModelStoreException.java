package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.util.Objects;

/**
 * A model store operation failed. The message names the model, the file or URL, the problem and
 * what to do about it, so it can be shown to the user as is; {@link #reason()} lets callers react
 * without parsing the message (e.g. offer "Download" on {@link Reason#NOT_PRESENT}).
 */
public class ModelStoreException extends IOException {

	private static final long serialVersionUID = 1L;

	/** What went wrong. */
	public enum Reason {
		/** The id is neither a known model nor an imported one. */
		UNKNOWN_MODEL,
		/** The id has characters a model id cannot have. */
		INVALID_ID,
		/** The model is not in the store yet. */
		NOT_PRESENT,
		/** The file is there but has no checksum record (copied in by hand, or a crashed write). */
		NOT_RECORDED,
		/** The file's SHA-256 differs from the one recorded (or expected). */
		CORRUPTED,
		/** Offline mode is on, so nothing is downloaded. */
		OFFLINE,
		/** The server answered with an HTTP error, or a bad redirect. */
		HTTP_ERROR,
		/** The host cannot be reached or the connection broke. */
		NETWORK_ERROR,
		/** Connecting or reading took longer than the timeout. */
		TIMEOUT,
		/** Fewer bytes arrived than the server announced. */
		INCOMPLETE,
		/** The size differs from the exact expected size, or is implausible for this model. */
		SIZE_MISMATCH,
		/** The downloaded or imported bytes do not have the expected SHA-256. */
		CHECKSUM_MISMATCH,
		/** The caller cancelled (progress callback returned false, or the thread was interrupted). */
		CANCELLED,
		/** Another download or import of the same model did not finish in time. */
		LOCKED,
		/** The file holds another architecture than the registry model it is stored as. */
		WRONG_ARCHITECTURE,
		/** Not enough free disk space. */
		DISK_SPACE,
		/** Any other file system problem. */
		IO_ERROR
	}

	private final Reason reason;

	public ModelStoreException(final Reason reason, final String message) {
		this(reason, message, null);
	}

	public ModelStoreException(final Reason reason, final String message, final Throwable cause) {
		super(message, cause);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	public Reason reason() {
		return reason;
	}
}
