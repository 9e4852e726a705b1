package sc.fiji.dinovit.features;

/** Runs a task over contiguous chunks of rows on a few short-lived threads. */
final class RowParallel {

	/** A task over the rows {@code [from, to)}. */
	interface RowRange {
		void run(int from, int to);
	}

	private RowParallel() {}

	/**
	 * Splits {@code [0, rows)} into at most {@code threads} contiguous chunks and runs them
	 * concurrently; {@code threads <= 1} runs in the calling thread. Rethrows the first failure
	 * of a worker.
	 */
	static void run(final int rows, final int threads, final RowRange task) {
		final int n = Math.max(1, Math.min(threads, rows));
		if (n == 1) {
			task.run(0, rows);
			return;
		}
		final Thread[] workers = new Thread[n - 1];
		final Throwable[] failure = new Throwable[1];
		for (int i = 1; i < n; i++) {
			final int from = (int) ((long) rows * i / n);
			final int to = (int) ((long) rows * (i + 1) / n);
			workers[i - 1] = new Thread(() -> task.run(from, to), "dinovit-rows-" + i);
			workers[i - 1].setUncaughtExceptionHandler((t, e) -> {
				synchronized (failure) {
					if (failure[0] == null) failure[0] = e;
				}
			});
			workers[i - 1].start();
		}
		try {
			task.run(0, (int) ((long) rows / n));
		}
		finally {
			joinAll(workers);
		}
		synchronized (failure) {
			if (failure[0] instanceof RuntimeException e) throw e;
			if (failure[0] instanceof Error e) throw e;
			if (failure[0] != null) throw new IllegalStateException(failure[0]);
		}
	}

	private static void joinAll(final Thread[] workers) {
		boolean interrupted = false;
		for (final Thread t : workers) {
			while (true) {
				try {
					t.join();
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true;
				}
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
	}
}
