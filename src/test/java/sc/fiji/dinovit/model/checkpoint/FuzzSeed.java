package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One valid checkpoint file the fuzzer starts from: its bytes, its format, the byte ranges that
 * hold structure (headers, pickle, JSON; mutating tensor data proves little) and, for torch zip
 * archives, its entries uncompressed so that structure-aware mutations can rebuild the archive.
 */
final class FuzzSeed {

	enum Kind {
		TORCH_ZIP, SAFETENSORS
	}

	/** A zip entry: full name, uncompressed bytes, whether it was deflated. */
	record Entry(String name, byte[] data, boolean deflated) {}

	private final String name;
	private final Kind kind;
	private final byte[] bytes;
	private final List<Entry> entries;
	private final List<long[]> structure;

	private FuzzSeed(final String name, final Kind kind, final byte[] bytes,
		final List<Entry> entries, final List<long[]> structure)
	{
		this.name = name;
		this.kind = kind;
		this.bytes = bytes;
		this.entries = entries;
		this.structure = structure;
	}

	/**
	 * Reads a valid seed file with the production reader's own zip index.
	 *
	 * @throws IOException when the file is not a valid checkpoint (seeds must be valid)
	 */
	static FuzzSeed of(final String name, final Path file) throws IOException {
		final byte[] bytes = Files.readAllBytes(file);
		try (Checkpoint c = CheckpointReader.read(file)) {
			if (c.tensors().isEmpty()) throw new IOException("seed " + name + " holds no tensors");
			if (c.format() == Checkpoint.Format.SAFETENSORS) {
				final long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN)
					.getLong();
				return new FuzzSeed(name, Kind.SAFETENSORS, bytes, List.of(), List.of(new long[] { 0, 8 +
					headerLen }));
			}
		}
		final List<Entry> entries = new ArrayList<>();
		final List<long[]> structure = new ArrayList<>();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final ZipIndex zip = ZipIndex.read(ch, name);
			long end = 0;
			for (final ZipIndex.Entry e : zip.entries()) {
				entries.add(new Entry(e.name(), TorchZipReader.entryBytes(ch, e, Integer.MAX_VALUE - 8,
					name), e.method() == ZipIndex.Entry.DEFLATED));
				// local header (30 bytes + name + padding extra) just before the data
				structure.add(new long[] { Math.max(0, e.dataOffset() - 30 - e.name().length() - 68), e
					.dataOffset() });
				if (!e.name().contains("/data/") || e.compressedSize() < 64) structure.add(new long[] { e
					.dataOffset(), e.dataOffset() + e.compressedSize() });
				end = Math.max(end, e.dataOffset() + e.compressedSize());
			}
			structure.add(new long[] { end, bytes.length }); // central directory and end records
		}
		return new FuzzSeed(name, Kind.TORCH_ZIP, bytes, List.copyOf(entries), List.copyOf(structure));
	}

	String name() {
		return name;
	}

	Kind kind() {
		return kind;
	}

	/** The seed's bytes; callers must not modify them. */
	byte[] bytes() {
		return bytes;
	}

	/** Zip entries in archive order (empty for safetensors). */
	List<Entry> entries() {
		return entries;
	}

	/** Byte ranges {@code [start, end)} that hold structure rather than tensor data. */
	List<long[]> structure() {
		return structure;
	}

	@Override
	public String toString() {
		return name;
	}
}
