package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the weights of a {@code torch.save} zip archive ({@code .pth}, {@code .pt},
 * {@code pytorch_model.bin}; PyTorch 1.6 and later) without Python.
 * <p>
 * The archive's {@code <prefix>/data.pkl} is read with {@link RestrictedUnpickler}, which accepts
 * only the Python globals a state dict needs and refuses anything else before building it. The
 * state dict is then located with {@link StateDictLocator} (top level, or under {@code teacher},
 * {@code student}, {@code model}, {@code state_dict}, {@code module}; prefixes {@code module.},
 * {@code backbone.} removed). The prefix folder is taken from the archive, never assumed.
 * <p>
 * <b>Memory.</b> Tensors of stored (uncompressed) records, the normal case, are views of the
 * memory-mapped file ({@link MappedRegions}), so the file may be far larger than 2 GiB and
 * nothing is copied onto the heap. Non-contiguous views, big-endian files and compressed records
 * are copied onto the heap; a copy is never larger than the record it comes from, except for
 * views that repeat elements (stride 0), refused above {@value #MAX_REPEAT_BYTES} bytes, and a
 * corrupted size field allocates nothing (the output grows as data inflates). The channel is closed before {@link #read} returns; the mappings stay valid until the
 * tensors are garbage collected (on Windows the file cannot be deleted or replaced meanwhile).
 * A single tensor must be smaller than 2 GiB.
 * <p>
 * Stateless and thread-safe.
 */
public final class TorchZipReader {

	/** Largest {@code data.pkl} accepted; real ones are kilobytes to a few megabytes. */
	static final long MAX_PICKLE_BYTES = 512L << 20;

	/**
	 * Largest copy of a view that repeats storage elements (stride 0 or overlapping strides):
	 * a tiny file could otherwise declare a broadcast view of billions of elements over one
	 * stored value. Views that do not repeat elements are never larger than their storage.
	 */
	static final long MAX_REPEAT_BYTES = 16L << 20;

	private TorchZipReader() {}

	/**
	 * @throws CheckpointFormatException when the file is not a torch.save zip archive, is a
	 *           TorchScript archive, is truncated or corrupted, or its pickle names a global that
	 *           a state dict does not need
	 * @throws IOException when the file cannot be read
	 */
	public static Checkpoint read(final Path file) throws IOException {
		final String source = file.toString();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final ZipIndex zip = ZipIndex.read(ch, source);
			final String prefix = findPrefix(zip, source);
			final boolean bigEndian = readBigEndian(ch, zip, prefix, source);
			final ZipIndex.Entry pickleEntry = zip.get(prefix + "/data.pkl");
			final byte[] pickle = entryBytes(ch, pickleEntry, MAX_PICKLE_BYTES, source);

			final StorageResolver storages = new StorageResolver(zip, prefix, source);
			final Object root = new RestrictedUnpickler(pickle, source + " (" + pickleEntry.name() +
				")", storages::resolve).load();
			final StateDictLocator.Selection<TorchTensorRef> selection = StateDictLocator.locate(root,
				TorchTensorRef.class, source);

			final Map<String, TensorData> tensors = new LinkedHashMap<>();
			final Map<String, ByteBuffer> inflated = new HashMap<>();
			final MappedRegions regions = new MappedRegions(ch);
			for (final Map.Entry<String, TorchTensorRef> e : selection.tensors().entrySet())
				tensors.put(e.getKey(), materialize(ch, regions, zip, prefix, e.getKey(), e.getValue(),
					bigEndian, inflated, source));
			return new Checkpoint(file, Checkpoint.Format.TORCH_ZIP, tensors, selection.description());
		}
	}

	/** The archive's top folder: the one holding {@code data.pkl}. Refuses TorchScript. */
	static String findPrefix(final ZipIndex zip, final String source)
		throws CheckpointFormatException
	{
		String prefix = null;
		boolean torchScript = false;
		for (final ZipIndex.Entry e : zip.entries()) {
			final int slash = e.name().indexOf('/');
			if (slash <= 0) continue;
			final String rest = e.name().substring(slash + 1);
			if (rest.equals("constants.pkl") || rest.startsWith("code/")) torchScript = true;
			if (rest.equals("data.pkl")) {
				final String p = e.name().substring(0, slash);
				if (prefix != null && !prefix.equals(p)) throw new CheckpointFormatException(source +
					": the zip archive holds several torch.save pickles (" + prefix + "/data.pkl, " + p +
					"/data.pkl); re-save the weights alone with torch.save(model.state_dict(), path)");
				prefix = p;
			}
		}
		if (torchScript) throw new CheckpointFormatException(source + " is a TorchScript archive " +
			"(written by torch.jit.save), not a state dict. Use the original .pth checkpoint, or in " +
			"Python re-save its weights: torch.save(torch.jit.load(path).state_dict(), 'weights.pth')");
		if (prefix == null) throw new CheckpointFormatException(source +
			": zip archive without a <folder>/data.pkl record, so not a torch.save checkpoint (a " +
			"NumPy .npz or other zip file?). Use a .pth / pytorch_model.bin or .safetensors file");
		return prefix;
	}

	private static boolean readBigEndian(final FileChannel ch, final ZipIndex zip,
		final String prefix, final String source) throws IOException
	{
		final ZipIndex.Entry e = zip.get(prefix + "/byteorder");
		if (e == null) return false; // written before PyTorch 2.1: little-endian
		final String order = new String(entryBytes(ch, e, 16, source), StandardCharsets.US_ASCII)
			.trim();
		if (order.equals("little")) return false;
		if (order.equals("big")) return true;
		throw new CheckpointFormatException(source + ": unknown byte order '" + PickleAllowlist
			.printable(order) + "' in " + e.name() + "; re-save the checkpoint with torch.save");
	}

	/** Resolves persistent ids {@code ('storage', type, key, location, numel)} to storages. */
	private static final class StorageResolver {

		private final ZipIndex zip;
		private final String prefix;
		private final String source;

		StorageResolver(final ZipIndex zip, final String prefix, final String source) {
			this.zip = zip;
			this.prefix = prefix;
			this.source = source;
		}

		Object resolve(final Object pid) throws CheckpointFormatException {
			if (!(pid instanceof PyTuple) || ((PyTuple) pid).size() != 5 || !"storage".equals(
				((PyTuple) pid).get(0))) throw new CheckpointFormatException(
					"persistent id is not ('storage', type, key, location, numel)");
			final PyTuple t = (PyTuple) pid;
			if (!(t.get(1) instanceof PickleGlobal)) throw new CheckpointFormatException(
				"storage type is a " + RestrictedUnpickler.typeName(t.get(1)));
			final PickleGlobal type = (PickleGlobal) t.get(1);
			if (type.kind() != PickleGlobal.Kind.STORAGE_TYPE &&
				type.kind() != PickleGlobal.Kind.UNTYPED_STORAGE) throw new CheckpointFormatException(
					type + " is not a storage type");
			if (!(t.get(2) instanceof String) || !(t.get(3) instanceof String) ||
				!(t.get(4) instanceof Long) || (Long) t.get(4) < 0) throw new CheckpointFormatException(
					"malformed storage key, location or size in a persistent id");
			final String key = (String) t.get(2);
			final long numel = (Long) t.get(4);
			final ZipIndex.Entry entry = zip.get(prefix + "/data/" + key);
			if (entry == null) throw new CheckpointFormatException("the storage record " + prefix +
				"/data/" + PickleAllowlist.printable(key) + " is missing; the file is incomplete");
			final TorchStorageRef ref = new TorchStorageRef(key, type.dtype(), numel, (String) t.get(3));
			final long bytes = type.dtype() == null || numel <= Long.MAX_VALUE / 8 ? ref.byteSize() : -1;
			if (bytes < 0 || bytes > entry.size()) throw new CheckpointFormatException("storage " +
				entry.name() + " declares " + numel + " elements of " + (type.dtype() == null ? "bytes"
					: type.dtype()) + " but the record holds " + entry.size() + " bytes (" + source + ")");
			return ref;
		}
	}

	private static TensorData materialize(final FileChannel ch, final MappedRegions regions,
		final ZipIndex zip, final String prefix, final String name, final TorchTensorRef t,
		final boolean bigEndian, final Map<String, ByteBuffer> inflated, final String source)
		throws IOException
	{
		final DType dtype = t.dtype();
		final int es = dtype.byteSize();
		final TensorLayout layout = t.layout();
		final long capacity = t.storage().byteSize() / es;
		if (layout.end() > capacity) throw new CheckpointFormatException(source + ": tensor '" + name +
			"' reaches element " + layout.end() + " of a storage that holds " + capacity +
			"; the file is corrupted");
		final long byteStart = layout.offset() * es;
		final long byteLen = layout.span() * es;
		if (byteLen > Integer.MAX_VALUE) throw new CheckpointFormatException(source + ": tensor '" +
			name + "' spans " + byteLen + " bytes; tensors of 2 GiB or more are not supported");
		final ZipIndex.Entry entry = zip.get(prefix + "/data/" + t.storage().key());
		final ByteBuffer region;
		if (byteLen == 0) region = ByteBuffer.allocate(0);
		else if (entry.method() == ZipIndex.Entry.STORED) region = regions.slice(entry.dataOffset() +
			byteStart, (int) byteLen);
		else {
			ByteBuffer all = inflated.get(entry.name());
			if (all == null) {
				all = ByteBuffer.wrap(entryBytes(ch, entry, Integer.MAX_VALUE - 8, source));
				inflated.put(entry.name(), all);
			}
			region = all.slice((int) byteStart, (int) byteLen);
		}
		region.order(ByteOrder.LITTLE_ENDIAN);
		final long copyBytes = layout.numel() > Long.MAX_VALUE / es ? Long.MAX_VALUE : layout.numel() *
			es;
		if (!layout.isContiguous() && layout.numel() > layout.span() && copyBytes > MAX_REPEAT_BYTES)
			throw new CheckpointFormatException(source + ": tensor '" + name + "' is a view that " +
				"repeats storage elements (a stride-0 or overlapping view: " + layout.numel() +
				" elements over " + layout.span() + " stored ones), which would take " + copyBytes +
				" bytes to copy. Model weights are never such views; in Python save " +
				"{k: v.contiguous() for k, v in state_dict.items()} instead");
		ByteBuffer bytes = layout.isContiguous() ? region : layout.gather(region, es);
		if (bigEndian) bytes = swapBytes(bytes, es);
		try {
			return new TensorData(name, layout.shape(), dtype, bytes);
		}
		catch (final IllegalArgumentException e) {
			throw new CheckpointFormatException(source + ": " + e.getMessage(), e);
		}
	}

	/** A little-endian heap copy of big-endian elements. */
	static ByteBuffer swapBytes(final ByteBuffer be, final int elementSize) {
		final int n = be.remaining();
		final ByteBuffer out = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i += elementSize)
			for (int j = 0; j < elementSize; j++)
				out.put(i + j, be.get(be.position() + i + elementSize - 1 - j));
		return out;
	}

	/** The whole uncompressed content of a (small or compressed) record, on the heap. */
	static byte[] entryBytes(final FileChannel ch, final ZipIndex.Entry e, final long maxBytes,
		final String source) throws IOException
	{
		if (e.size() > maxBytes) throw new CheckpointFormatException(source + ": record " + e.name() +
			" has " + e.size() + " bytes, more than the " + maxBytes + " this reader accepts");
		if (e.method() == ZipIndex.Entry.STORED) return ZipIndex.read(ch, e.dataOffset(), (int) e
			.size(), source).array();
		// Deflate cannot expand more than about 1032:1; a larger claim is a zip bomb or corruption.
		if (e.compressedSize() > Integer.MAX_VALUE - 8 || e.size() > e.compressedSize() * 1100 + 1024)
			throw new CheckpointFormatException(source + ": record " + e.name() +
				" has an impossible compression ratio; the file is corrupted");
		final ByteBuffer in = ZipIndex.read(ch, e.dataOffset(), (int) e.compressedSize(), source);
		// Grow the output as data actually inflates: a corrupted size field must not allocate.
		final int size = (int) e.size();
		byte[] out = new byte[(int) Math.min(size, 4 * e.compressedSize() + 1024)];
		final Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(in);
			int n = 0;
			while (n < size) {
				if (n == out.length) out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
				final int k = inflater.inflate(out, n, out.length - n);
				n += k;
				if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary()))
					break;
			}
			if (n != size || !inflater.finished() && inflater.inflate(new byte[1]) > 0)
				throw new CheckpointFormatException(source + ": record " + e.name() +
					" does not inflate to its declared " + e.size() + " bytes; the file is corrupted");
			return out;
		}
		catch (final DataFormatException ex) {
			throw new CheckpointFormatException(source + ": record " + e.name() +
				" is not valid deflate data; the file is corrupted", ex);
		}
		finally {
			inflater.end();
		}
	}
}
