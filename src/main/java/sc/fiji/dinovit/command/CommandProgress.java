package sc.fiji.dinovit.command;

import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;

import ij.IJ;
import sc.fiji.dinovit.util.Progress;

/**
 * {@link Progress} for a command: status and progress go to the SciJava {@link StatusService}
 * (when there is one; the IJ1 bridge forwards them to ImageJ's status bar), cancel is the command's
 * {@code Cancelable} state or Esc in ImageJ 1 ({@link IJ#escapePressed()}).
 */
final class CommandProgress implements Progress {

	private static final int STEPS = 1000;

	private final StatusService status;
	private final BooleanSupplier cancelled;

	CommandProgress(final StatusService status, final BooleanSupplier cancelled) {
		this.status = status;
		this.cancelled = cancelled;
	}

	@Override
	public void status(final String message) {
		if (status != null) status.showStatus(message);
	}

	@Override
	public void fraction(final double done) {
		if (status != null) status.showProgress((int) Math.round(Math.max(0, Math.min(1, done)) * STEPS), STEPS);
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean() || IJ.escapePressed();
	}

	/** Clears the status bar at the end of a run. */
	void done() {
		if (status != null) status.clearStatus();
	}
}
