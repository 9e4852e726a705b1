package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * Read-only memory-mapped views of byte ranges of one file, for tensor data.
 * <p>
 * Mapping every tensor on its own would let a file with very many small tensors exhaust the
 * process's limit on mappings (65530 on Linux), failing with "Map failed". Instead the file is
 * mapped in windows of {@value #WINDOW} bytes that start every {@value #STEP} bytes, so any
 * range of at most {@value #STEP} bytes lies inside one window; only larger ranges (at most one
 * per {@value #STEP} bytes of file) get a mapping of their own. A file under 1 GiB is one
 * mapping.
 * <p>
 * The views stay valid after the channel is closed, until they are garbage collected. Not
 * thread-safe.
 */
final class MappedRegions {

	static final long STEP = 1L << 29;
	static final long WINDOW = 1L << 30;

	private final FileChannel ch;
	private final long size;
	private final Map<Long, MappedByteBuffer> windows = new HashMap<>();

	MappedRegions(final FileChannel ch) throws IOException {
		this.ch = ch;
		this.size = ch.size();
	}

	/**
	 * A little-endian read-only view of {@code len} bytes at {@code pos}; the caller has checked
	 * that the range lies inside the file.
	 */
	ByteBuffer slice(final long pos, final int len) throws IOException {
		if (len == 0) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
		final long k = pos / STEP;
		final long start = k * STEP;
		if (pos + len > start + WINDOW) return ch.map(FileChannel.MapMode.READ_ONLY, pos, len).order(
			ByteOrder.LITTLE_ENDIAN);
		MappedByteBuffer w = windows.get(k);
		if (w == null) {
			w = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW, size - start));
			windows.put(k, w);
		}
		return w.slice((int) (pos - start), len).order(ByteOrder.LITTLE_ENDIAN);
	}
}
