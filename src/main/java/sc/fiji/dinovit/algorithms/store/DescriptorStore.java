package sc.fiji.dinovit.algorithms.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource;
import sc.fiji.dinovit.features.Descriptors;

/**
 * The descriptors of many images (one block of {@code rows * dim} floats per image), kept on the
 * Java heap up to a byte budget and spilled to memory-mapped temporary files beyond it, readable
 * as one {@link DescriptorSource} (all rows, images in append order) for streaming k-means
 * assignment, per image, or as a strided training subset.
 * <p>
 * Memory ownership. {@link #append} copies the caller's array (optionally L2-normalising the
 * copy); the caller may reuse it. A block goes to the heap if the heap part plus the block stays
 * within {@link #heapBudgetBytes()}, otherwise to the spill files (first fit: a later, smaller
 * block may still go to the heap). {@link #heapBytes()} counts the float payload of heap blocks
 * (4 bytes per value, not object headers or this object's bookkeeping) and never exceeds the
 * budget. Reads never keep data: {@link #rows} copies into the caller's scratch or returns a view
 * of a heap block that the caller must not modify.
 * <p>
 * Files. Spill files live in a fresh folder {@code dinovit-descriptors-*} under the spill folder
 * (default {@code java.io.tmpdir}), created at the first spill, in segments of at most 1 GiB
 * mapped read-only. A row never spans two segments (segment capacity is a whole number of rows);
 * an image's block may and is read piecewise. {@link #close()} deletes the files; a shutdown hook
 * and {@link java.io.File#deleteOnExit()} are the fallbacks. A full disk gives an
 * {@link IOException} naming the folder and the fixes.
 * <p>
 * Threads. Use the store in phases: append from one thread, then read from any number of threads
 * at once ({@link #rows}, {@link #readImage}, {@link #trainingSubset} are safe concurrently with
 * each other). Reads must not overlap an append or {@link #close()}; hand the store to readers
 * through something that orders memory (an executor, a join, a lock).
 */
public final class DescriptorStore implements DescriptorSource, AutoCloseable {

	/** Default spill segment size: 1 GiB (a mapping must stay below 2 GiB). */
	static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

	private final int dim;
	private final long heapBudgetBytes;
	private final boolean normaliseOnAppend;
	private final Path spillParent;
	private final long segmentBytes;
	private final UsableSpace usableSpace;

	private final List<Entry> images = new ArrayList<>();
	private final Map<String, Integer> indexById = new HashMap<>();
	private long[] firstRows = new long[16];
	private long rowCount;
	private long heapBytes;
	private SpillFile spill;
	private boolean closed;

	/** Where an image's rows live: a heap block, or spill rows starting at {@code spillRow}. */
	private record Entry(String id, long firstRow, int rows, float[] heap, long spillRow) {}

	private DescriptorStore(final Builder b) {
		this.dim = b.dim;
		this.heapBudgetBytes = b.heapBudgetBytes;
		this.normaliseOnAppend = b.normaliseOnAppend;
		this.spillParent = b.spillFolder;
		this.segmentBytes = b.segmentBytes;
		this.usableSpace = b.usableSpace;
	}

	/** A builder for descriptors of {@code dim} floats. */
	public static Builder builder(final int dim) {
		return new Builder(dim);
	}

	// ---------------------------------------------------------------- appending

	/**
	 * Appends one image's descriptors ({@code rows * dim} floats, row-major, patch-major).
	 *
	 * @param imageId a unique name for the image (e.g. its file name)
	 * @return the image's index (0, 1, 2, ... in append order)
	 * @throws IOException if spilling fails (full disk, unwritable folder); the store is unchanged
	 */
	public int append(final String imageId, final float[] descriptors) throws IOException {
		if (descriptors == null) throw new IllegalArgumentException("Descriptors of " + imageId + " must not be null");
		if (descriptors.length % dim != 0) throw new IllegalArgumentException("Descriptors of '" + imageId +
			"' have " + descriptors.length + " values, not a multiple of the dimension " + dim);
		return append(imageId, descriptors, 0, descriptors.length / dim);
	}

	/** Appends the patch descriptors of one image (its [CLS] vector is not stored). */
	public int append(final String imageId, final Descriptors descriptors) throws IOException {
		if (descriptors.dim() != dim) throw new IllegalArgumentException("Descriptors of '" + imageId +
			"' have dimension " + descriptors.dim() + ", the store holds " + dim);
		return append(imageId, descriptors.data());
	}

	/** Appends {@code rows} rows of {@code data} starting at float {@code offset} as one image. */
	public int append(final String imageId, final float[] data, final int offset, final int rows) throws IOException {
		checkOpen();
		if (imageId == null) throw new IllegalArgumentException("Image id must not be null");
		if (indexById.containsKey(imageId)) throw new IllegalArgumentException("Image id '" + imageId +
			"' was already appended; ids must be unique");
		if (rows < 1) throw new IllegalArgumentException("Image '" + imageId + "' has no descriptors");
		if (offset < 0 || (long) offset + (long) rows * dim > data.length) throw new IllegalArgumentException(
			"Rows [" + offset + " + " + rows + " x " + dim + ") exceed the array of " + data.length + " floats");
		final int floats = Math.multiplyExact(rows, dim);
		float[] block = data;
		int blockOffset = offset;
		if (normaliseOnAppend) {
			block = Arrays.copyOfRange(data, offset, offset + floats);
			blockOffset = 0;
			L2NormalizedSource.normalizeRows(block, 0, rows, dim);
		}
		final long bytes = (long) floats * Float.BYTES;
		final Entry entry;
		if (heapBytes + bytes <= heapBudgetBytes) {
			final float[] own = block == data ? Arrays.copyOfRange(data, offset, offset + floats) : block;
			entry = new Entry(imageId, rowCount, rows, own, -1);
			heapBytes += bytes;
		}
		else {
			final long spillRow = spill().append(block, blockOffset, rows, "image '" + imageId + "'");
			entry = new Entry(imageId, rowCount, rows, null, spillRow);
		}
		final int index = images.size();
		if (index == firstRows.length) firstRows = Arrays.copyOf(firstRows, index * 2);
		firstRows[index] = rowCount;
		images.add(entry);
		indexById.put(imageId, index);
		rowCount += rows;
		return index;
	}

	private SpillFile spill() throws IOException {
		if (spill == null) {
			if (!Files.isDirectory(spillParent)) throw new IOException("The spill folder " + spillParent +
				" does not exist. Create it or choose another (DescriptorStore.Builder.spillFolder).");
			spill = new SpillFile(spillParent, dim, segmentBytes, usableSpace);
		}
		return spill;
	}

	// ---------------------------------------------------------------- reading

	@Override
	public int dim() { return dim; }

	/** Total rows of all images. */
	@Override
	public long count() { return rowCount; }

	public int imageCount() { return images.size(); }

	public String imageId(final int image) { return entry(image).id(); }

	/** The index of the image appended with this id, or -1. */
	public int imageIndex(final String imageId) {
		final Integer i = indexById.get(imageId);
		return i == null ? -1 : i;
	}

	/** The image's rows in the global order of {@link #rows}. */
	public RowRange rowRange(final int image) {
		final Entry e = entry(image);
		return new RowRange(e.firstRow(), e.rows());
	}

	/** Whether the image's block lives in the spill files rather than on the heap. */
	public boolean isSpilled(final int image) { return entry(image).heap() == null; }

	/**
	 * Rows {@code [first, first + rows)} across images: a view into a heap block if they all lie in
	 * one, otherwise copied into {@code scratch} (at least {@code rows * dim} floats).
	 */
	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		checkOpen();
		if (first < 0 || rows < 0 || first + rows > rowCount) throw new IndexOutOfBoundsException(
			"Rows [" + first + ", " + (first + rows) + ") outside [0, " + rowCount + ")");
		if (rows == 0) return new RowBlock(scratch, 0);
		int image = imageOf(first);
		final Entry e0 = images.get(image);
		if (e0.heap() != null && first + rows <= e0.firstRow() + e0.rows())
			return new RowBlock(e0.heap(), (int) (first - e0.firstRow()) * dim);
		if (scratch.length < (long) rows * dim) throw new IllegalArgumentException("Scratch of " +
			scratch.length + " floats cannot hold " + rows + " rows of " + dim);
		int done = 0;
		while (done < rows) {
			final Entry e = images.get(image);
			final int within = (int) (first + done - e.firstRow());
			final int n = Math.min(rows - done, e.rows() - within);
			copyRows(e, within, n, scratch, done * dim);
			done += n;
			image++;
		}
		return new RowBlock(scratch, 0);
	}

	/** A copy of one image's block ({@code rows * dim} floats). */
	/**
	 * The rows of one image as a {@link DescriptorSource} view (no copy; reads go through this
	 * store, so the view is valid until the store is closed).
	 */
	public DescriptorSource imageSource(final int image) {
		final RowRange range = rowRange(image);
		final DescriptorStore store = this;
		return new DescriptorSource() {
			@Override
			public int dim() {
				return dim;
			}

			@Override
			public long count() {
				return range.count();
			}

			@Override
			public RowBlock rows(final long first, final int rows, final float[] scratch) {
				if (first < 0 || first + rows > range.count()) throw new IndexOutOfBoundsException("Rows " + first +
					".." + (first + rows) + " outside image " + image + " (" + range.count() + " rows)");
				return store.rows(range.first() + first, rows, scratch);
			}
		};
	}

	public float[] readImage(final int image) {
		final Entry e = entry(image);
		final float[] out = new float[e.rows() * dim];
		readImage(image, out, 0);
		return out;
	}

	/** Copies one image's block into {@code dst} at {@code dstOffset}. */
	public void readImage(final int image, final float[] dst, final int dstOffset) {
		checkOpen();
		final Entry e = entry(image);
		copyRows(e, 0, e.rows(), dst, dstOffset);
	}

	/**
	 * The reference's training subset: rows 0, step, 2 step, ... of every image, images in order,
	 * as one new array; nothing else is materialised. With a store that normalises on append this
	 * equals the reference's subset (taken from raw rows, then normalised) with
	 * {@code l2Normalise = false}.
	 *
	 * @param step take every step-th row of each image (the reference uses 100)
	 * @param l2Normalise whether to L2-normalise the copied rows
	 */
	public float[] trainingSubset(final int step, final boolean l2Normalise) {
		checkOpen();
		if (step < 1) throw new IllegalArgumentException("step must be >= 1, got " + step);
		long total = 0;
		for (final Entry e : images)
			total += (e.rows() + step - 1) / step;
		if (total * dim > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("A training subset of " +
			total + " rows x " + dim + " does not fit one array; use a larger step");
		final float[] out = new float[(int) (total * dim)];
		int o = 0;
		for (final Entry e : images)
			for (int r = 0; r < e.rows(); r += step) {
				copyRows(e, r, 1, out, o);
				o += dim;
			}
		if (l2Normalise) L2NormalizedSource.normalizeRows(out, 0, (int) total, dim);
		return out;
	}

	private void copyRows(final Entry e, final int within, final int n, final float[] dst, final int dstOffset) {
		if (e.heap() != null) System.arraycopy(e.heap(), within * dim, dst, dstOffset, n * dim);
		else spill.read(e.spillRow() + within, n, dst, dstOffset);
	}

	/** The image holding global row {@code row} (binary search over first rows). */
	private int imageOf(final long row) {
		final int i = Arrays.binarySearch(firstRows, 0, images.size(), row);
		return i >= 0 ? i : -i - 2;
	}

	private Entry entry(final int image) {
		if (image < 0 || image >= images.size()) throw new IndexOutOfBoundsException("Image index " + image +
			" outside [0, " + images.size() + ")");
		return images.get(image);
	}

	// ---------------------------------------------------------------- accounting and lifetime

	/** Float payload bytes of the heap part; never more than {@link #heapBudgetBytes()}. */
	public long heapBytes() { return heapBytes; }

	public long heapBudgetBytes() { return heapBudgetBytes; }

	/** Bytes of row data written to spill files (0 if nothing spilled). */
	public long spilledBytes() { return spill == null ? 0 : spill.bytes(); }

	/** The folder holding this store's spill files, or null while nothing has spilled. */
	public Path spillFolder() { return spill == null ? null : spill.folder(); }

	public boolean normalisesOnAppend() { return normaliseOnAppend; }

	int spillSegmentCount() { return spill == null ? 0 : spill.segmentCount(); }

	int spillRowsPerSegment() { return spill == null ? 0 : spill.rowsPerSegment(); }

	/**
	 * Drops the heap blocks and deletes the spill files (idempotent). Afterwards every read and
	 * append throws {@link IllegalStateException}.
	 */
	@Override
	public void close() {
		if (closed) return;
		closed = true;
		images.clear();
		indexById.clear();
		if (spill != null) spill.close();
	}

	private void checkOpen() {
		if (closed) throw new IllegalStateException("The descriptor store is closed");
	}

	// ---------------------------------------------------------------- builder

	/** Settings of a {@link DescriptorStore}; not thread-safe. */
	public static final class Builder {

		private final int dim;
		private long heapBudgetBytes = Runtime.getRuntime().maxMemory() / 4;
		private boolean normaliseOnAppend;
		private Path spillFolder = Paths.get(System.getProperty("java.io.tmpdir"));
		private long segmentBytes = DEFAULT_SEGMENT_BYTES;
		private UsableSpace usableSpace = UsableSpace.FILE_STORE;

		private Builder(final int dim) {
			if (dim <= 0) throw new IllegalArgumentException("Descriptor dimension must be positive, got " + dim);
			this.dim = dim;
		}

		/** Bytes of descriptor data kept on the heap (default: 25% of the maximum heap); 0 spills everything. */
		public Builder heapBudgetBytes(final long bytes) {
			if (bytes < 0) throw new IllegalArgumentException("Heap budget must be >= 0, got " + bytes);
			this.heapBudgetBytes = bytes;
			return this;
		}

		/** Whether each appended row is L2-normalised (as the reference does before clustering). */
		public Builder normaliseOnAppend(final boolean normalise) {
			this.normaliseOnAppend = normalise;
			return this;
		}

		/** An existing folder under which the spill folder is created (default: java.io.tmpdir). */
		public Builder spillFolder(final Path folder) {
			if (folder == null) throw new IllegalArgumentException("Spill folder must not be null");
			this.spillFolder = folder;
			return this;
		}

		/** Spill segment size (tests use small ones to exercise segment boundaries). */
		Builder segmentBytes(final long bytes) {
			if (bytes < 1 || bytes > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"Segment size must be in [1, 2^31 - 1] bytes, got " + bytes);
			this.segmentBytes = bytes;
			return this;
		}

		/** How free disk space is measured (tests fake a full disk). */
		Builder usableSpace(final UsableSpace space) {
			this.usableSpace = space;
			return this;
		}

		/** A new, empty store; no file is created until the first spill. */
		public DescriptorStore build() {
			return new DescriptorStore(this);
		}
	}
}
