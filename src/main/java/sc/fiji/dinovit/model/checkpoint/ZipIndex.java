package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The central directory of a zip archive (ZIP64 included), read with positional reads on a
 * {@link FileChannel}; all offsets and sizes are {@code long}. Only what a checkpoint reader
 * needs: entry names, method (stored or deflated), sizes and where each entry's data starts.
 */
final class ZipIndex {

	/** One archive entry. Sizes and offsets are absolute and validated against the file size. */
	record Entry(String name, int method, long compressedSize, long size, long dataOffset) {

		static final int STORED = 0;
		static final int DEFLATED = 8;
	}

	private static final int EOCD_SIG = 0x06054b50;
	private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
	private static final int ZIP64_EOCD_SIG = 0x06064b50;
	private static final int CENTRAL_SIG = 0x02014b50;
	private static final int LOCAL_SIG = 0x04034b50;
	private static final int MAX_ENTRIES = 10_000_000;

	private final Map<String, Entry> entries;

	private ZipIndex(final Map<String, Entry> entries) {
		this.entries = entries;
	}

	/** All entries in central-directory order. */
	List<Entry> entries() {
		return new ArrayList<>(entries.values());
	}

	/** The entry of that exact name, or null. */
	Entry get(final String name) {
		return entries.get(name);
	}

	/**
	 * @param source file name for messages
	 * @throws CheckpointFormatException when the archive is truncated, corrupted, encrypted,
	 *           split, or uses a compression method other than stored / deflated
	 */
	static ZipIndex read(final FileChannel ch, final String source) throws IOException {
		final long fileSize = ch.size();
		final int tailLen = (int) Math.min(fileSize, 22 + 65535);
		final ByteBuffer tail = read(ch, fileSize - tailLen, tailLen, source);
		int eocd = -1;
		for (int i = tailLen - 22; i >= 0; i--)
			if (tail.getInt(i) == EOCD_SIG && i + 22 + (tail.getShort(i + 20) & 0xffff) <= tailLen) {
				eocd = i;
				break;
			}
		if (eocd < 0) throw truncated(source, "no end-of-central-directory record");
		final long eocdPos = fileSize - tailLen + eocd;
		long count = tail.getShort(eocd + 10) & 0xffff;
		long cdSize = tail.getInt(eocd + 12) & 0xffffffffL;
		long cdOffset = tail.getInt(eocd + 16) & 0xffffffffL;
		if ((tail.getShort(eocd + 4) & 0xffff) != 0 && (tail.getShort(eocd + 4) & 0xffff) != 0xffff)
			throw bad(source, "split (multi-volume) zip archives are not supported");
		if (eocdPos >= 20) {
			final ByteBuffer loc = read(ch, eocdPos - 20, 20, source);
			if (loc.getInt(0) == ZIP64_LOCATOR_SIG) {
				final long z64Pos = loc.getLong(8);
				if (z64Pos < 0 || z64Pos > eocdPos - 56) throw bad(source, "ZIP64 record out of range");
				final ByteBuffer z = read(ch, z64Pos, 56, source);
				if (z.getInt(0) != ZIP64_EOCD_SIG) throw bad(source, "ZIP64 record signature missing");
				count = z.getLong(32);
				cdSize = z.getLong(40);
				cdOffset = z.getLong(48);
			}
		}
		if (count < 0 || count > MAX_ENTRIES || cdSize < 0 || cdOffset < 0 || cdSize > eocdPos ||
			cdOffset > eocdPos - cdSize || count * 46 > cdSize)
			throw truncated(source, "central directory out of range");
		if (cdSize > Integer.MAX_VALUE - 8) throw bad(source, "central directory too large");
		final ByteBuffer cd = read(ch, cdOffset, (int) cdSize, source);
		final Map<String, Entry> entries = new LinkedHashMap<>();
		int p = 0;
		for (long i = 0; i < count; i++) {
			if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL_SIG) throw bad(source,
				"corrupted central directory");
			final int flags = cd.getShort(p + 8) & 0xffff;
			final int method = cd.getShort(p + 10) & 0xffff;
			long csize = cd.getInt(p + 20) & 0xffffffffL;
			long usize = cd.getInt(p + 24) & 0xffffffffL;
			final int nameLen = cd.getShort(p + 28) & 0xffff;
			final int extraLen = cd.getShort(p + 30) & 0xffff;
			final int commentLen = cd.getShort(p + 32) & 0xffff;
			long localOffset = cd.getInt(p + 42) & 0xffffffffL;
			final int next = p + 46 + nameLen + extraLen + commentLen;
			if (next > cd.limit()) throw bad(source, "corrupted central directory");
			final byte[] nameBytes = new byte[nameLen];
			cd.get(p + 46, nameBytes);
			final String name = new String(nameBytes, StandardCharsets.UTF_8);
			// ZIP64 extended information: only the fields that are 0xffffffff, in this order
			for (int x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
				final int id = cd.getShort(x) & 0xffff;
				final int len = cd.getShort(x + 2) & 0xffff;
				if (x + 4 + len > p + 46 + nameLen + extraLen) break;
				if (id == 0x0001) {
					int f = x + 4;
					if (usize == 0xffffffffL && f + 8 <= x + 4 + len) {
						usize = cd.getLong(f);
						f += 8;
					}
					if (csize == 0xffffffffL && f + 8 <= x + 4 + len) {
						csize = cd.getLong(f);
						f += 8;
					}
					if (localOffset == 0xffffffffL && f + 8 <= x + 4 + len) localOffset = cd.getLong(f);
				}
				x += 4 + len;
			}
			p = next;
			if (name.endsWith("/")) continue; // directory
			if ((flags & 1) != 0) throw bad(source, "entry " + name + " is encrypted");
			if (method != Entry.STORED && method != Entry.DEFLATED) throw bad(source, "entry " + name +
				" uses compression method " + method + "; only stored and deflated are supported");
			if (usize < 0 || csize < 0 || localOffset < 0 || localOffset > fileSize - 30)
				throw truncated(source, "entry " + name + " lies outside the file");
			final ByteBuffer local = read(ch, localOffset, 30, source);
			if (local.getInt(0) != LOCAL_SIG) throw bad(source, "entry " + name +
				" has no local header");
			final long dataOffset = localOffset + 30 + (local.getShort(26) & 0xffff) + (local.getShort(
				28) & 0xffff);
			if (method == Entry.STORED && csize != usize) throw bad(source, "stored entry " + name +
				" has different compressed and uncompressed sizes");
			if (csize > fileSize - dataOffset) throw truncated(source, "entry " + name +
				" runs past the end of the file");
			if (entries.put(name, new Entry(name, method, csize, usize, dataOffset)) != null)
				throw bad(source, "duplicate entry " + name);
		}
		return new ZipIndex(Collections.unmodifiableMap(entries));
	}

	/** Reads exactly {@code len} bytes at {@code pos} into a little-endian heap buffer. */
	static ByteBuffer read(final FileChannel ch, final long pos, final int len, final String source)
		throws IOException
	{
		final ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
		while (b.hasRemaining()) {
			final int n = ch.read(b, pos + b.position());
			if (n < 0) throw truncated(source, "unexpected end of file");
		}
		return b.flip();
	}

	private static CheckpointFormatException bad(final String source, final String what) {
		return new CheckpointFormatException(source + ": corrupted or unsupported zip archive (" +
			what + "). Download the file again or re-save it with torch.save");
	}

	private static CheckpointFormatException truncated(final String source, final String what) {
		return new CheckpointFormatException(source + ": incomplete zip archive (" + what +
			"); the file is probably truncated, download it again");
	}
}
