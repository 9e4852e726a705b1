package sc.fiji.dinovit.algorithms.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs a fixed number of independent tasks on a small thread pool. Callers make results
 * deterministic by partitioning work independently of the thread count and by writing each task's
 * output to its own slot, then reducing the slots in task order.
 */
final class Parallel implements AutoCloseable {

	private final int threads;
	private final ExecutorService pool;

	Parallel(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("Thread count must be >= 1, got " + threads);
		this.threads = threads;
		this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
			final Thread t = new Thread(r, "dinovit-cluster");
			t.setDaemon(true);
			return t;
		});
	}

	int threads() { return threads; }

	/** Runs task(0) ... task(numTasks - 1) and waits for all of them. */
	void forEach(final int numTasks, final IntConsumer task) {
		if (pool == null || numTasks <= 1) {
			for (int i = 0; i < numTasks; i++)
				task.accept(i);
			return;
		}
		final List<Future<?>> futures = new ArrayList<>(numTasks);
		for (int i = 0; i < numTasks; i++) {
			final int index = i;
			futures.add(pool.submit(() -> task.accept(index)));
		}
		for (final Future<?> f : futures) {
			try {
				f.get();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for worker threads", e);
			}
			catch (final ExecutionException e) {
				final Throwable cause = e.getCause();
				if (cause instanceof RuntimeException) throw (RuntimeException) cause;
				if (cause instanceof Error) throw (Error) cause;
				throw new IllegalStateException(cause);
			}
		}
	}

	/** Number of tasks needed to cover {@code total} items in chunks of {@code chunk}. */
	static int numChunks(final long total, final int chunk) {
		return (int) ((total + chunk - 1) / chunk);
	}

	@Override
	public void close() {
		if (pool != null) pool.shutdownNow();
	}
}
