package sc.fiji.dinovit.algorithms.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of {@code dim} floats appended to a folder of fixed-capacity segment files and read back
 * through read-only memory mappings (one mapping per segment, each under 2 GiB).
 * <p>
 * Segments. A segment holds a whole number of rows ({@code segmentBytes} rounded down to a
 * multiple of the row size, at least one row), so a row never spans two segments; a caller's block
 * of rows may, and is split. Each segment file is extended to its capacity when created (sparse on
 * file systems that support it) and mapped once; rows are written with positional channel writes
 * (so a full disk gives an {@link IOException}, not a crash on a mapped page) and read through the
 * mapping (the page cache keeps both views coherent).
 * <p>
 * Files. The folder is a fresh temporary folder under the given parent. {@link #close()} closes
 * the channels and deletes the files and the folder; what cannot be deleted then (e.g. a file still
 * mapped on Windows) is left to {@link java.io.File#deleteOnExit()}. Until close, a shutdown hook
 * deletes the folder if the JVM exits. Mappings are released by the garbage collector.
 * <p>
 * Threads: {@link #append} from one thread; {@link #read} from many threads at once, but only for
 * rows whose append completed before (with a happens-before edge) and never during {@link #close()}.
 */
final class SpillFile implements AutoCloseable {

	/** Bytes staged per channel write. */
	private static final int STAGING_BYTES = 1 << 20;

	private final Path folder;
	private final int dim;
	private final long rowBytes;
	private final int rowsPerSegment;
	private final UsableSpace usableSpace;
	private final List<Segment> segments = new ArrayList<>();
	private final Thread cleanupHook;
	private ByteBuffer staging;
	private long rows;
	private volatile boolean closed;

	/**
	 * @param parent existing folder in which a fresh temporary folder is created
	 * @param segmentBytes target segment size in bytes (at most {@link Integer#MAX_VALUE})
	 */
	SpillFile(final Path parent, final int dim, final long segmentBytes, final UsableSpace usableSpace)
		throws IOException
	{
		this.dim = dim;
		this.rowBytes = (long) dim * Float.BYTES;
		if (segmentBytes > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"Segment size must be below 2 GiB, got " + segmentBytes);
		if (rowBytes > Integer.MAX_VALUE) throw new IllegalArgumentException("A row of " + dim +
			" floats does not fit one segment");
		this.rowsPerSegment = (int) Math.max(1, segmentBytes / rowBytes);
		this.usableSpace = usableSpace;
		try {
			this.folder = Files.createTempDirectory(parent, "dinovit-descriptors-");
		}
		catch (final IOException e) {
			throw new IOException("Cannot create a folder for spilled descriptors in " + parent + ": " + e +
				". Make that folder writable, or choose another spill folder (DescriptorStore.Builder.spillFolder," +
				" default: the system property java.io.tmpdir).", e);
		}
		this.cleanupHook = new Thread(() -> deleteQuietly(false), "dinovit-spill-cleanup");
		Runtime.getRuntime().addShutdownHook(cleanupHook);
	}

	Path folder() { return folder; }

	long rows() { return rows; }

	/** Bytes of row data written (not counting unused segment capacity). */
	long bytes() { return rows * rowBytes; }

	int segmentCount() { return segments.size(); }

	int rowsPerSegment() { return rowsPerSegment; }

	/**
	 * Appends {@code count} rows from {@code data} starting at float {@code offset}.
	 *
	 * @return the spill-local index of the first appended row
	 * @throws IOException if the disk is full or a file cannot be written; the message names the
	 *           folder and what to do
	 */
	long append(final float[] data, final int offset, final int count, final String what) throws IOException {
		checkOpen();
		checkSpace(count * rowBytes, what);
		final long first = rows;
		int done = 0;
		while (done < count) {
			final long row = first + done;
			final int segIndex = (int) (row / rowsPerSegment);
			final int inSegment = (int) (row % rowsPerSegment);
			if (segIndex == segments.size()) segments.add(newSegment(segIndex));
			final int n = Math.min(count - done, rowsPerSegment - inSegment);
			write(segments.get(segIndex), inSegment * rowBytes, data, offset + done * dim, n * dim, what);
			done += n;
		}
		rows += count;
		return first;
	}

	/** Copies {@code count} rows starting at spill-local {@code row} into {@code dst} at {@code dstOffset}. */
	void read(final long row, final int count, final float[] dst, final int dstOffset) {
		checkOpen();
		if (row < 0 || count < 0 || row + count > rows) throw new IndexOutOfBoundsException(
			"Spilled rows [" + row + ", " + (row + count) + ") outside [0, " + rows + ")");
		int done = 0;
		while (done < count) {
			final long r = row + done;
			final int inSegment = (int) (r % rowsPerSegment);
			final int n = Math.min(count - done, rowsPerSegment - inSegment);
			segments.get((int) (r / rowsPerSegment)).floats.get(inSegment * dim, dst, dstOffset + done * dim, n * dim);
			done += n;
		}
	}

	private void checkSpace(final long needed, final String what) throws IOException {
		final long free = usableSpace.bytes(folder);
		if (free < needed) throw new IOException(String.format(Locale.ROOT,
			"Not enough disk space to spill the descriptors of %s to %s: need %.1f MB, %.1f MB free. %s",
			what, folder, needed / 1e6, free / 1e6, FIX));
	}

	private static final String FIX = "Free disk space there, choose a spill folder on a larger disk " +
		"(DescriptorStore.Builder.spillFolder, default: the system property java.io.tmpdir), " +
		"or raise the memory budget (DescriptorStore.Builder.heapBudgetBytes, with a larger -Xmx).";

	private Segment newSegment(final int index) throws IOException {
		final Path file = folder.resolve(String.format(Locale.ROOT, "segment-%05d.f32", index));
		final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
			StandardOpenOption.WRITE);
		try {
			final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, rowsPerSegment * rowBytes);
			return new Segment(file, channel, mapped.order(ByteOrder.nativeOrder()).asFloatBuffer());
		}
		catch (final IOException e) {
			channel.close();
			throw new IOException("Cannot create the spill file " + file + ": " + e + ". " + FIX, e);
		}
	}

	private void write(final Segment seg, final long bytePosition, final float[] src, final int srcOffset,
		final int floats, final String what) throws IOException
	{
		if (staging == null) staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.nativeOrder());
		final int perWrite = STAGING_BYTES / Float.BYTES;
		long position = bytePosition;
		for (int done = 0; done < floats; done += perWrite) {
			final int n = Math.min(perWrite, floats - done);
			staging.clear();
			staging.asFloatBuffer().put(src, srcOffset + done, n);
			staging.limit(n * Float.BYTES);
			try {
				while (staging.hasRemaining())
					position += seg.channel.write(staging, position);
			}
			catch (final IOException e) {
				throw new IOException("Writing the spilled descriptors of " + what + " to " + seg.file + " failed: " +
					e.getMessage() + ". The disk may be full. " + FIX, e);
			}
		}
	}

	private void checkOpen() {
		if (closed) throw new IllegalStateException("The descriptor store is closed");
	}

	/** Closes the channels and deletes the segment files and the folder (idempotent). */
	@Override
	public void close() {
		if (closed) return;
		closed = true;
		for (final Segment s : segments) {
			try {
				s.channel.close();
			}
			catch (final IOException e) {
				// the file is deleted below (or at exit); nothing else to release
			}
		}
		deleteQuietly(true);
		try {
			Runtime.getRuntime().removeShutdownHook(cleanupHook);
		}
		catch (final IllegalStateException e) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private void deleteQuietly(final boolean fallBackToDeleteOnExit) {
		final List<Path> left = new ArrayList<>();
		for (final Segment s : segments)
			if (!tryDelete(s.file)) left.add(s.file);
		if (!tryDelete(folder)) left.add(0, folder);
		if (fallBackToDeleteOnExit) // deleteOnExit runs in reverse order: the folder, registered first, goes last
			for (final Path p : left)
				p.toFile().deleteOnExit();
	}

	private static boolean tryDelete(final Path p) {
		try {
			Files.deleteIfExists(p);
			return true;
		}
		catch (final IOException | SecurityException e) {
			return false;
		}
	}

	private static final class Segment {
		final Path file;
		final FileChannel channel;
		/** Read-only view of the whole segment; absolute gets only, so it is safe to share between readers. */
		final FloatBuffer floats;

		Segment(final Path file, final FileChannel channel, final FloatBuffer floats) {
			this.file = file;
			this.channel = channel;
			this.floats = floats;
		}
	}
}
