package sc.fiji.dinovit.util;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation, crossing the layers as one small callback. Algorithms report a stage
 * text and a fraction done, and call {@link #checkCancelled()} at every image and, inside every long
 * loop (k-means restarts, iterations and chunks of points, elbow search, GrabCut and CRF
 * iterations, best-buddy blocks, PCA passes), at most about 100 ms of work apart, so that Esc stops
 * a run within about a second; a cancelled run throws {@link CancellationException} after freeing what it holds and
 * writing nothing half-done. Implementations must be thread-safe (callbacks may come from worker
 * threads) and cheap (they are called often).
 */
public interface Progress {

	/** Ignores everything, never cancels. */
	Progress NONE = new Progress() {
		@Override
		public void status(final String message) {}

		@Override
		public void fraction(final double done) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** A short description of the current stage ("Extracting features 3/10"). */
	void status(String message);

	/** Overall fraction done, 0 to 1. */
	void fraction(double done);

	/** Whether the user asked to stop. */
	boolean isCancelled();

	/** Throws {@link CancellationException} if the user asked to stop. */
	default void checkCancelled() {
		if (isCancelled()) throw new CancellationException("Cancelled by the user");
	}

	/**
	 * A view of this progress that maps its own 0..1 onto [from, to] of this one (for one stage of a
	 * longer run). Status and cancellation pass through.
	 */
	default Progress sub(final double from, final double to) {
		final Progress parent = this;
		return new Progress() {
			@Override
			public void status(final String message) {
				parent.status(message);
			}

			@Override
			public void fraction(final double done) {
				parent.fraction(from + (to - from) * Math.max(0, Math.min(1, done)));
			}

			@Override
			public boolean isCancelled() {
				return parent.isCancelled();
			}
		};
	}
}
