package sc.fiji.dinovit.testutil;

import java.util.concurrent.atomic.AtomicInteger;

import sc.fiji.dinovit.util.Progress;

/**
 * A silent {@link Progress} that answers "cancelled" from its (after + 1)-th
 * {@link #isCancelled()} question on, counting the questions. Thread-safe.
 */
public final class CancellingProgress implements Progress {

	private final int after;
	private final AtomicInteger questions = new AtomicInteger();

	private CancellingProgress(final int after) {
		this.after = after;
	}

	/** Cancels after {@code after} questions ({@code Integer.MAX_VALUE}: never, just counts). */
	public static CancellingProgress after(final int after) {
		return new CancellingProgress(after);
	}

	/** How many times {@link #isCancelled()} was asked so far. */
	public int questions() {
		return questions.get();
	}

	@Override
	public void status(final String message) {}

	@Override
	public void fraction(final double done) {}

	@Override
	public boolean isCancelled() {
		return questions.getAndIncrement() >= after;
	}
}
