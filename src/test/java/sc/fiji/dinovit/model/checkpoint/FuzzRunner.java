package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link CheckpointReader} on one input the way a user would (open, then read every
 * tensor's bytes and convert every floating point tensor to float32) in a worker thread, and
 * judges the outcome:
 * <ul>
 * <li>{@link Verdict#READ}: the file was read (the mutation kept it valid);</li>
 * <li>{@link Verdict#REFUSED}: a {@link CheckpointFormatException} whose message names the
 * file, the documented outcome for a broken file;</li>
 * <li>{@link Verdict#FAILED}: anything else: another exception or error, no answer within the
 * time limit, more heap allocated than the bound, a message without the file name.</li>
 * </ul>
 * Heap use is the worker thread's allocated bytes during the read (HotSpot's per-thread
 * counter); memory-mapped tensor bytes are not heap and do not count. The bound is
 * {@value #ALLOCATION_SLACK} bytes, plus {@value #ALLOCATION_FACTOR} times the file size, plus
 * {@value #PICKLE_FACTOR} times the declared size of a torch archive's {@code data.pkl} (the
 * unpickler builds an object of up to ~100 bytes per opcode byte, and a deflated pickle may be a
 * thousand times larger than the file; {@link RestrictedUnpickler#MAX_VALUES} caps the total).
 */
final class FuzzRunner implements AutoCloseable {

	enum Verdict {
		READ, REFUSED, FAILED
	}

	/** Outcome of one case; detail is the exception or the reason for FAILED. */
	record Result(Verdict verdict, String detail, long allocatedBytes, long millis) {}

	static final long ALLOCATION_SLACK = 32L << 20;
	static final long ALLOCATION_FACTOR = 8;
	static final long PICKLE_FACTOR = 128;

	private static final com.sun.management.ThreadMXBean THREADS =
		(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final Path dir;
	private final long timeoutMillis;
	private ExecutorService worker;
	private long counter;

	FuzzRunner(final Path dir, final long timeoutMillis) {
		this.dir = dir;
		this.timeoutMillis = timeoutMillis;
		this.worker = newWorker();
	}

	private static ExecutorService newWorker() {
		return Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "checkpoint-fuzz-worker");
			t.setDaemon(true);
			return t;
		});
	}

	/** Writes the input to a fresh file (never one that may still be mapped) and reads it. */
	Result run(final byte[] input) throws IOException, InterruptedException {
		final Path file = dir.resolve("case-" + counter++ + ".bin");
		Files.write(file, input);
		try {
			Result r = attempt(file, input.length);
			// A busy machine (2 shared cores) can stall one attempt: a timeout counts only if it repeats.
			if (r.verdict == Verdict.FAILED && r.detail.startsWith("timeout")) r = attempt(file,
				input.length);
			return r;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private Result attempt(final Path file, final long size) throws InterruptedException {
		final long[] allocated = new long[1];
		final long start = System.nanoTime();
		final Future<Result> f = worker.submit(() -> {
			final long before = THREADS.getCurrentThreadAllocatedBytes();
			try {
				return readFully(file);
			}
			finally {
				allocated[0] = THREADS.getCurrentThreadAllocatedBytes() - before;
			}
		});
		Result r;
		try {
			r = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (final TimeoutException e) {
			f.cancel(true);
			worker.shutdownNow();
			worker = newWorker(); // the stuck thread is a daemon and is abandoned
			return new Result(Verdict.FAILED, "timeout: no answer within " + timeoutMillis + " ms", -1,
				timeoutMillis);
		}
		catch (final ExecutionException e) {
			r = new Result(Verdict.FAILED, describe(e.getCause()), -1, 0);
		}
		final long millis = (System.nanoTime() - start) / 1_000_000;
		final long bound = ALLOCATION_SLACK + ALLOCATION_FACTOR * size + PICKLE_FACTOR * pickleBytes(
			file);
		if (r.verdict != Verdict.FAILED && allocated[0] > bound) return new Result(Verdict.FAILED,
			"allocated " + allocated[0] + " heap bytes, more than the bound " + bound + " (" + r.detail +
				")", allocated[0], millis);
		return new Result(r.verdict, r.detail, allocated[0], millis);
	}

	/** Declared uncompressed size of a torch archive's data.pkl as the reader sees it, else 0. */
	static long pickleBytes(final Path file) {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			long max = 0;
			for (final ZipIndex.Entry e : ZipIndex.read(ch, file.toString()).entries())
				if (e.name().endsWith("/data.pkl")) max = Math.max(max, e.size());
			return Math.min(max, TorchZipReader.MAX_PICKLE_BYTES);
		}
		catch (final IOException | RuntimeException e) {
			return 0; // not a readable zip archive: the reader refuses it before unpickling
		}
	}

	private static Result readFully(final Path file) {
		try (Checkpoint c = CheckpointReader.read(file)) {
			final byte[] chunk = new byte[1 << 16];
			long sum = 0;
			for (final TensorData t : c.tensors().values()) {
				final ByteBuffer b = t.bytes();
				while (b.hasRemaining()) {
					final int n = Math.min(chunk.length, b.remaining());
					b.get(chunk, 0, n);
					sum += chunk[0] + chunk[n - 1];
				}
				if (t.dtype().isFloatingPoint()) sum += t.toFloatArray().length;
			}
			return new Result(Verdict.READ, c.tensors().size() + " tensors, checksum " + sum, 0, 0);
		}
		catch (final CheckpointFormatException e) {
			if (e.getMessage() == null || !e.getMessage().contains(file.toString()))
				return new Result(Verdict.FAILED, "message does not name the file: " + describe(e), 0, 0);
			return new Result(Verdict.REFUSED, e.getMessage(), 0, 0);
		}
		catch (final Throwable t) {
			return new Result(Verdict.FAILED, describe(t), 0, 0);
		}
	}

	/** The throwable and its first stack frames, for the findings log. */
	static String describe(final Throwable t) {
		final StringWriter w = new StringWriter();
		t.printStackTrace(new PrintWriter(w));
		final String[] lines = w.toString().split("\n");
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < lines.length && i < 8; i++)
			b.append(lines[i].strip()).append(i == 0 ? " | " : "; ");
		return b.toString();
	}

	@Override
	public void close() {
		worker.shutdownNow();
	}
}
