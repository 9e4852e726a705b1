package sc.fiji.dinovit.model;

import java.io.IOException;

/**
 * A checkpoint was read without error but its tensors are not the weights of a DINO / DINOv2
 * ViT backbone this plugin can run: unrecognisable names, missing, unexpected or mis-shaped
 * tensors, a non floating point weight, or an architecture that cannot be inferred. The message
 * names the file, the naming scheme it was read with, every problem, and what to do.
 * <p>
 * Deliberately separate from {@code CheckpointFormatException} (the file itself cannot be
 * parsed); both are {@link IOException}s, so a caller that only reports can catch that.
 */
public class ModelFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient LayoutMismatch mismatch;

	public ModelFormatException(final String message) {
		this(message, null, null);
	}

	public ModelFormatException(final String message, final Throwable cause) {
		this(message, null, cause);
	}

	public ModelFormatException(final String message, final LayoutMismatch mismatch,
		final Throwable cause)
	{
		super(message, cause);
		this.mismatch = mismatch;
	}

	/**
	 * The tensor-by-tensor comparison with the expected layout when that is what failed, else
	 * null.
	 */
	public LayoutMismatch mismatch() {
		return mismatch;
	}
}
