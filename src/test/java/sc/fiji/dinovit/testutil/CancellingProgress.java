package sc.fiji.dinovit.testutil;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import sc.fiji.dinovit.util.Progress;

/**
 * A silent {@link Progress} that answers "cancelled" from its (after + 1)-th
 * {@link #isCancelled()} question on; or, made with {@link #afterStatus}, from the (after + 1)-th
 * question after the first status message that contains a text (to cancel in the middle of one
 * stage); or, made with {@link #afterMillis}, from the first question asked once that time has
 * passed. It counts the questions and remembers when and during which status it first said
 * "cancelled". Thread-safe.
 */
public final class CancellingProgress implements Progress {

	private final int after;
	private final String trigger;
	private final long deadlineNanos;
	private final AtomicInteger questions = new AtomicInteger();
	/** Question count when the trigger status came; -1 before. */
	private final AtomicInteger armedAt;
	private volatile String lastStatus;
	private final AtomicLong cancelledAt = new AtomicLong(Long.MIN_VALUE);
	private final AtomicReference<String> cancelledDuring = new AtomicReference<>();

	private CancellingProgress(final int after, final String trigger, final long deadlineNanos) {
		this.after = after;
		this.trigger = trigger;
		this.deadlineNanos = deadlineNanos;
		this.armedAt = new AtomicInteger(trigger == null ? 0 : -1);
	}

	/** Cancels after {@code after} questions ({@code Integer.MAX_VALUE}: never, just counts). */
	public static CancellingProgress after(final int after) {
		return new CancellingProgress(after, null, Long.MAX_VALUE);
	}

	/**
	 * Cancels once {@code millis} have passed from now, as a user pressing Esc at that moment: the
	 * cancel takes effect at the first question asked after it.
	 */
	public static CancellingProgress afterMillis(final long millis) {
		return new CancellingProgress(Integer.MAX_VALUE, null, System.nanoTime() + millis * 1_000_000L);
	}

	/**
	 * Cancels after {@code after} questions counted from the first status message containing
	 * {@code statusText}; never before that message.
	 */
	public static CancellingProgress afterStatus(final String statusText, final int after) {
		if (statusText == null || statusText.isEmpty()) throw new IllegalArgumentException(
			"statusText must not be empty: use after(n) to count from the start");
		return new CancellingProgress(after, statusText, Long.MAX_VALUE);
	}

	/** How many times {@link #isCancelled()} was asked so far. */
	public int questions() {
		return questions.get();
	}

	/**
	 * When the user "pressed Esc" ({@link System#nanoTime()}): the deadline of {@link #afterMillis},
	 * or the time of the first "cancelled" answer otherwise; {@code Long.MIN_VALUE} if not yet.
	 */
	public long cancelledAtNanos() {
		if (deadlineNanos != Long.MAX_VALUE) return System.nanoTime() >= deadlineNanos ? deadlineNanos : Long.MIN_VALUE;
		return cancelledAt.get();
	}

	/**
	 * The last status message before the first "cancelled" answer (null if there was no cancel yet;
	 * "(no status)" if none came): tells in which stage the run was stopped.
	 */
	public String cancelledDuring() {
		return cancelledDuring.get();
	}

	/** Whether this progress has answered "cancelled" at least once. */
	public boolean hasCancelled() {
		return cancelledDuring.get() != null;
	}

	@Override
	public void status(final String message) {
		lastStatus = message;
		if (trigger != null && message != null && message.contains(trigger)) armedAt.compareAndSet(-1, questions
			.get());
	}

	@Override
	public void fraction(final double done) {}

	@Override
	public boolean isCancelled() {
		final int q = questions.getAndIncrement();
		final int armed = armedAt.get();
		final boolean cancel = armed >= 0 && q - armed >= after || System.nanoTime() >= deadlineNanos;
		if (cancel) {
			cancelledAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
			cancelledDuring.compareAndSet(null, lastStatus == null ? "(no status)" : lastStatus);
		}
		return cancel;
	}
}
