package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file cannot be read: it is truncated, corrupted, of an unsupported format, or
 * it asks for something a weights file must not contain (for example a pickle global other than
 * the few a state dict needs). The message names the file and the problem.
 */
public class CheckpointFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public CheckpointFormatException(final String message) {
		super(message);
	}

	public CheckpointFormatException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
