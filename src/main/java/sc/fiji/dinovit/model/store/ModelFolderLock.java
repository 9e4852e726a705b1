package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import sc.fiji.dinovit.model.store.ModelStoreException.Reason;

/**
 * Exclusive right to write one model's folder, held by one thread of one process at a time.
 * <p>
 * Two levels: a {@link ReentrantLock} per lock file shared by every {@link ModelStore} in this JVM
 * (file locks are per process, so they cannot order threads), then an OS lock ({@link
 * FileChannel#tryLock()}) on the lock file against other processes, e.g. a second Fiji. The OS
 * releases the file lock when a process dies, so a lock file left behind by a crash is harmless
 * and is never deleted. Waiting polls every {@value #POLL_MILLIS} ms, reports
 * {@code update(0, -1)} to the progress callback (which can cancel) and gives up after the
 * maximum wait. Acquire and {@link #close()} on the same thread (try-with-resources); a thread
 * that already holds the lock of a model gets an {@link IllegalStateException} instead of waiting
 * for itself.
 */
final class ModelFolderLock implements AutoCloseable {

	static final long POLL_MILLIS = 200;

	private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

	private final ReentrantLock threadLock;
	private final FileChannel channel;
	private final FileLock fileLock;

	private ModelFolderLock(final ReentrantLock threadLock, final FileChannel channel,
		final FileLock fileLock)
	{
		this.threadLock = threadLock;
		this.channel = channel;
		this.fileLock = fileLock;
	}

	/**
	 * @param what the model, for messages (e.g. "model 'dino_vits8'")
	 * @throws ModelStoreException LOCKED after {@code maxWait}, CANCELLED when the callback says so
	 *           or the thread is interrupted, IO_ERROR when the lock file cannot be opened
	 */
	static ModelFolderLock acquire(final Path lockFile, final String what, final Duration maxWait,
		final DownloadProgress progress) throws ModelStoreException
	{
		final long deadline = System.nanoTime() + maxWait.toNanos();
		final ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath()
			.normalize(), k -> new ReentrantLock());
		if (threadLock.isHeldByCurrentThread()) throw new IllegalStateException("This thread already holds the lock of " +
			what + " (a store call from inside a progress callback of the same model?)");
		try {
			while (!threadLock.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS))
				checkWait(deadline, what, progress, maxWait, "another download or import of " + what +
					" in this program is still running");
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw cancelled(what);
		}
		try {
			return lockFile(threadLock, lockFile, what, deadline, maxWait, progress);
		}
		catch (final ModelStoreException | RuntimeException e) {
			threadLock.unlock();
			throw e;
		}
	}

	private static ModelFolderLock lockFile(final ReentrantLock threadLock, final Path lockFile,
		final String what, final long deadline, final Duration maxWait,
		final DownloadProgress progress) throws ModelStoreException
	{
		final FileChannel channel;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		}
		catch (final IOException e) {
			throw new ModelStoreException(Reason.IO_ERROR, "Cannot create the lock file " + lockFile +
				" for " + what + ": " + e + ". Check that the model folder is writable, or choose another with -D" +
				ModelCacheLocation.PROPERTY + "=<folder>.", e);
		}
		try {
			while (true) {
				FileLock lock;
				try {
					lock = channel.tryLock();
				}
				catch (final OverlappingFileLockException e) {
					lock = null; // held through another channel of this JVM
				}
				if (lock != null) return new ModelFolderLock(threadLock, channel, lock);
				checkWait(deadline, what, progress, maxWait, "another program (for example a second Fiji) is downloading or importing " +
					what + " and holds " + lockFile + ". If no other program uses this model folder, that lock is released when it exits");
				Thread.sleep(POLL_MILLIS);
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			closeQuietly(channel);
			throw cancelled(what);
		}
		catch (final IOException e) {
			closeQuietly(channel);
			if (e instanceof ModelStoreException) throw (ModelStoreException) e;
			throw new ModelStoreException(Reason.IO_ERROR, "Cannot lock " + lockFile + " for " + what +
				": " + e, e);
		}
	}

	private static void checkWait(final long deadline, final String what,
		final DownloadProgress progress, final Duration maxWait, final String why)
		throws ModelStoreException
	{
		if (!progress.update(0, -1) || Thread.currentThread().isInterrupted()) throw cancelled(what);
		if (System.nanoTime() - deadline > 0) throw new ModelStoreException(Reason.LOCKED,
			"Gave up waiting " + maxWait.toSeconds() + " s for " + what + ": " + why + ". Try again later.");
	}

	private static ModelStoreException cancelled(final String what) {
		return new ModelStoreException(Reason.CANCELLED, "Cancelled while waiting for another download of " +
			what + ".");
	}

	private static void closeQuietly(final FileChannel channel) {
		try {
			channel.close();
		}
		catch (final IOException e) {
			// nothing to add
		}
	}

	/** Releases the file lock, then the in-process lock. */
	@Override
	public void close() {
		try {
			fileLock.release();
		}
		catch (final IOException e) {
			// closing the channel releases it anyway
		}
		closeQuietly(channel);
		threadLock.unlock();
	}
}
