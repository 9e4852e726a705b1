package sc.fiji.dinovit.ij1;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The message of the last command failure that aborted a macro, so that a launcher (the
 * {@link HeadlessMacroRunner}) can report why the macro stopped: ImageJ 1's abort itself carries
 * no message.
 */
public final class MacroFailures {

	private static final AtomicReference<String> LAST = new AtomicReference<>();

	private MacroFailures() {}

	static void record(final String message) {
		LAST.set(message);
	}

	/** Returns and clears the last failure message, or null. */
	public static String take() {
		return LAST.getAndSet(null);
	}
}
