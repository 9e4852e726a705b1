package sc.fiji.dinovit.command;

import org.scijava.Cancelable;
import org.scijava.command.Command;

/**
 * Cooperative cancel shared by the DINO commands: {@link #cancel} (Esc in ImageJ, or SciJava's
 * cancel) records the first reason; the command polls {@link #isCanceled()} at every image and
 * stage (through {@link CommandProgress}) and ends without output. Thread-safe.
 */
public abstract class CancelableCommand implements Command, Cancelable {

	private volatile String cancelReason;

	@Override
	public boolean isCanceled() {
		return cancelReason != null;
	}

	/** Asks the command to stop at the next check; the first reason given is kept. */
	@Override
	public synchronized void cancel(final String reason) {
		if (cancelReason == null) cancelReason = reason == null || reason.isEmpty() ? "Cancelled" : reason;
	}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
