package sc.fiji.dinovit.features;

/**
 * A run refused by the {@link MemoryGuard} before it started; the message names the need, what is
 * available and the settings that fit.
 */
public final class InsufficientMemoryException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public InsufficientMemoryException(final String message) {
		super(message);
	}
}
