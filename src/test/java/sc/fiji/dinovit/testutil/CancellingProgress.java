package sc.fiji.dinovit.testutil;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import sc.fiji.dinovit.util.Progress;

/**
 * A silent {@link Progress} that answers "cancelled" from its (after + 1)-th
 * {@link #isCancelled()} question on (or, with {@link #afterMillis}, from the first question
 * asked once that time has passed), counting the questions and remembering when it first said
 * "cancelled". Thread-safe.
 */
public final class CancellingProgress implements Progress {

	private final int after;
	private final long deadlineNanos;
	private final AtomicInteger questions = new AtomicInteger();
	private final AtomicLong cancelledAt = new AtomicLong(Long.MIN_VALUE);

	private CancellingProgress(final int after, final long deadlineNanos) {
		this.after = after;
		this.deadlineNanos = deadlineNanos;
	}

	/** Cancels after {@code after} questions ({@code Integer.MAX_VALUE}: never, just counts). */
	public static CancellingProgress after(final int after) {
		return new CancellingProgress(after, Long.MAX_VALUE);
	}

	/**
	 * Cancels once {@code millis} have passed from now, as a user pressing Esc at that moment: the
	 * cancel takes effect at the first question asked after it.
	 */
	public static CancellingProgress afterMillis(final long millis) {
		return new CancellingProgress(Integer.MAX_VALUE, System.nanoTime() + millis * 1_000_000L);
	}

	/** How many times {@link #isCancelled()} was asked so far. */
	public int questions() {
		return questions.get();
	}

	/**
	 * When the user "pressed Esc" ({@link System#nanoTime()}): the deadline of {@link #afterMillis},
	 * or the time of the first "cancelled" answer of {@link #after}; {@code Long.MIN_VALUE} if not yet.
	 */
	public long cancelledAtNanos() {
		if (deadlineNanos != Long.MAX_VALUE) return System.nanoTime() >= deadlineNanos ? deadlineNanos : Long.MIN_VALUE;
		return cancelledAt.get();
	}

	@Override
	public void status(final String message) {}

	@Override
	public void fraction(final double done) {}

	@Override
	public boolean isCancelled() {
		final boolean cancelled = questions.getAndIncrement() >= after || System.nanoTime() >= deadlineNanos;
		if (cancelled) cancelledAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
		return cancelled;
	}
}
