package sc.fiji.dinovit.vit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import ai.djl.Device;
import sc.fiji.dinovit.model.ModelWeights;
import sc.fiji.dinovit.model.ModelWeightsLoader;
import sc.fiji.dinovit.model.checkpoint.Checkpoint;
import sc.fiji.dinovit.model.checkpoint.CheckpointReader;

/**
 * Loads each checkpoint once per device and shares the model between callers and threads.
 * <p>
 * {@link #acquire} returns a {@link Lease}; the model stays open while any lease on it is open.
 * Models nobody leases are kept for reuse, at most {@code maxIdle} of them (least recently used
 * closed first). Concurrent acquires of the same file and device load it once; the others wait.
 * A file that changed on disk (size or modification time) is loaded again. Thread-safe.
 */
public final class ModelCache implements AutoCloseable {

	private static final ModelCache SHARED = new ModelCache(1);

	private final int maxIdle;
	private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
	private boolean closed;

	public ModelCache(final int maxIdle) {
		if (maxIdle < 0) throw new IllegalArgumentException("maxIdle must be >= 0");
		this.maxIdle = maxIdle;
	}

	/** The process-wide cache used by the commands (keeps one idle model). */
	public static ModelCache shared() {
		return SHARED;
	}

	/**
	 * Reads, validates and loads a checkpoint without caching. The caller owns the model.
	 *
	 * @throws IOException with a message naming the file and the problem (unreadable, not a
	 *           DINO/DINOv2 ViT, missing or mis-shaped tensors)
	 */
	public static VitModel load(final Path file, final Device device) throws IOException {
		final Checkpoint checkpoint = CheckpointReader.read(file);
		final ModelWeights weights = ModelWeightsLoader.load(checkpoint);
		return VitModel.load(weights, device);
	}

	/** Leases the model of a checkpoint on a device, loading it if needed. */
	public Lease acquire(final Path file, final Device device) throws IOException {
		final Path real = file.toRealPath();
		final Key key = new Key(real, Files.size(real), Files.getLastModifiedTime(real).toMillis(),
			device.toString());
		final Entry entry;
		boolean loader = false;
		synchronized (this) {
			if (closed) throw new IllegalStateException("The model cache is closed");
			Entry e = entries.get(key);
			if (e == null) {
				e = new Entry();
				entries.put(key, e);
				loader = true;
			}
			e.leases++;
			entry = e;
		}
		if (loader) {
			try {
				entry.model.complete(load(real, device));
			}
			catch (final IOException | RuntimeException | Error ex) {
				entry.model.completeExceptionally(ex);
				synchronized (this) {
					entries.remove(key);
				}
			}
		}
		try {
			return new Lease(key, entry, entry.model.get());
		}
		catch (final InterruptedException ex) {
			release(key, entry);
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting for model " + file + " to load", ex);
		}
		catch (final ExecutionException ex) {
			release(key, entry);
			final Throwable cause = ex.getCause();
			if (cause instanceof IOException) throw (IOException) cause;
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IOException(cause);
		}
	}

	private void release(final Key key, final Entry entry) {
		final List<VitModel> toClose = new ArrayList<>();
		synchronized (this) {
			entry.leases--;
			if (closed && entry.leases == 0) {
				entry.model.thenAccept(toClose::add);
			}
			else {
				trimIdle(toClose);
			}
		}
		toClose.forEach(VitModel::close);
	}

	/** Closes the least recently used idle models beyond maxIdle. Caller holds the lock. */
	private void trimIdle(final List<VitModel> toClose) {
		int idle = 0;
		for (final Entry e : entries.values())
			if (e.leases == 0 && e.model.isDone()) idle++;
		final Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
		while (idle > maxIdle && it.hasNext()) {
			final Entry e = it.next().getValue();
			if (e.leases == 0 && e.model.isDone() && !e.model.isCompletedExceptionally()) {
				toClose.add(e.model.join());
				it.remove();
				idle--;
			}
		}
	}

	/** Number of models currently loaded (leased or idle). */
	public synchronized int size() {
		return entries.size();
	}

	/** Closes idle models now and every leased model when its last lease closes. */
	@Override
	public void close() {
		final List<VitModel> toClose = new ArrayList<>();
		synchronized (this) {
			closed = true;
			final Iterator<Entry> it = entries.values().iterator();
			while (it.hasNext()) {
				final Entry e = it.next();
				if (e.leases == 0 && e.model.isDone() && !e.model.isCompletedExceptionally()) {
					toClose.add(e.model.join());
					it.remove();
				}
			}
		}
		toClose.forEach(VitModel::close);
	}

	/** A caller's hold on a shared model. Close it when done; do not close the model itself. */
	public final class Lease implements AutoCloseable {
		private final Key key;
		private final Entry entry;
		private final VitModel model;
		private boolean released;

		private Lease(final Key key, final Entry entry, final VitModel model) {
			this.key = key;
			this.entry = entry;
			this.model = model;
		}

		public VitModel model() {
			if (released) throw new IllegalStateException("This model lease has been closed");
			return model;
		}

		@Override
		public void close() {
			synchronized (this) {
				if (released) return;
				released = true;
			}
			release(key, entry);
		}
	}

	private static final class Entry {
		final CompletableFuture<VitModel> model = new CompletableFuture<>();
		int leases;
	}

	private static final class Key {
		final Path path;
		final long size;
		final long modified;
		final String device;

		Key(final Path path, final long size, final long modified, final String device) {
			this.path = path;
			this.size = size;
			this.modified = modified;
			this.device = device;
		}

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Key)) return false;
			final Key k = (Key) o;
			return path.equals(k.path) && size == k.size && modified == k.modified && device.equals(k.device);
		}

		@Override
		public int hashCode() {
			return Objects.hash(path, size, modified, device);
		}
	}
}
