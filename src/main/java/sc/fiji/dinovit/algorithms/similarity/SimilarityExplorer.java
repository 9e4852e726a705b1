package sc.fiji.dinovit.algorithms.similarity;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import sc.fiji.dinovit.features.ImageFeatures;

/**
 * The core of the interactive similarity tool, free of any UI: holds the source's and the targets'
 * descriptors (extracted once, by the command) and recomputes the similarity maps for any point of
 * the source from them, without running the model again.
 * <p>
 * Clicks come faster than maps can be recomputed on large images, so {@link #request} computes on
 * one background thread and the <b>latest request wins</b>: a request that is no longer the latest
 * when its turn comes is skipped, and a result that became stale while it was computed is not
 * delivered. Delivery happens on the background thread (a UI hands it to its event thread).
 * <p>
 * Memory: the cached descriptors stay alive until {@link #close()}; close the explorer when its
 * source image closes.
 */
public final class SimilarityExplorer implements AutoCloseable {

	private final ImageFeatures source;
	private final List<ImageFeatures> targets;
	private final AtomicLong latest = new AtomicLong();
	/** Started by the first request. */
	private ExecutorService worker;
	private boolean closed;

	/**
	 * @param source the source image's features
	 * @param targets the targets' features (may include the source), in map order
	 */
	public SimilarityExplorer(final ImageFeatures source, final List<ImageFeatures> targets) {
		if (source == null) throw new IllegalArgumentException("source features must not be null");
		if (targets == null || targets.isEmpty()) throw new IllegalArgumentException(
			"The similarity explorer needs at least one target image");
		this.source = source;
		this.targets = List.copyOf(targets);
	}

	/** Number of maps per point (one per target). */
	public int targetCount() {
		return targets.size();
	}

	/**
	 * The maps for a point of the source, computed now on the calling thread.
	 *
	 * @param x x in the source's original pixels (continuous: pixel i spans [i, i + 1))
	 * @param y y likewise
	 * @throws IllegalArgumentException if the point is outside the source
	 */
	public List<SimilarityMap> mapsAt(final double x, final double y) {
		return SimilarityMap.forPoint(source, x, y, targets);
	}

	/** Whether (x, y) lies inside the source image. */
	public boolean contains(final double x, final double y) {
		return x >= 0 && y >= 0 && x < source.originalWidth() && y < source.originalHeight();
	}

	/**
	 * Asks for the maps of a point in the background; {@code deliver} gets them unless a later
	 * request came first. Points outside the source are ignored.
	 *
	 * @return the request's number (increasing), or -1 if the point was ignored
	 */
	public long request(final double x, final double y, final Consumer<List<SimilarityMap>> deliver) {
		if (!contains(x, y)) return -1;
		final long id = latest.incrementAndGet();
		worker().execute(() -> {
			if (latest.get() != id) return; // a later click is queued
			final List<SimilarityMap> maps = mapsAt(x, y);
			if (latest.get() == id) deliver.accept(maps);
		});
		return id;
	}

	private synchronized ExecutorService worker() {
		if (closed) throw new IllegalStateException("The similarity explorer is closed (its source image closed)");
		if (worker == null) worker = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "dinovit-similarity-explorer");
			t.setDaemon(true);
			return t;
		});
		return worker;
	}

	/** Stops the background thread; pending requests are dropped. */
	@Override
	public synchronized void close() {
		closed = true;
		latest.incrementAndGet();
		if (worker != null) worker.shutdownNow();
	}
}
