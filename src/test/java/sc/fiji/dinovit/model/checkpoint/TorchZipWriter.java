package sc.fiji.dinovit.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Test helper: writes zip archives laid out like torch.save's (stored records whose data starts
 * at a multiple of 64 through an 'FB' padding extra field), optionally deflated records, ZIP64
 * records, and sparse records (a hole followed by a few real bytes, no disk cost).
 */
final class TorchZipWriter {

	private record Item(String name, byte[] data, long sparseSize, boolean deflate) {}

	private final String prefix;
	private final List<Item> items = new ArrayList<>();
	private boolean zip64;

	/** @param prefix the archive's top folder, as torch.save derives it from the file name */
	TorchZipWriter(final String prefix) {
		this.prefix = prefix;
	}

	/** A torch-style archive: version, byteorder, data.pkl, and the given storages. */
	static TorchZipWriter torchArchive(final String prefix, final byte[] pickle) {
		return new TorchZipWriter(prefix).add("data.pkl", pickle).add("byteorder", "little".getBytes(
			StandardCharsets.US_ASCII)).add("version", "3\n".getBytes(StandardCharsets.US_ASCII));
	}

	/** Adds {@code <prefix>/<name>} (stored). */
	TorchZipWriter add(final String name, final byte[] data) {
		items.add(new Item(prefix + "/" + name, data, -1, false));
		return this;
	}

	/** Adds an entry with exactly this full name (no prefix). */
	TorchZipWriter addRaw(final String fullName, final byte[] data) {
		items.add(new Item(fullName, data, -1, false));
		return this;
	}

	/** Adds an entry with exactly this full name (no prefix), stored or deflated. */
	TorchZipWriter addRaw(final String fullName, final byte[] data, final boolean deflate) {
		items.add(new Item(fullName, data, -1, deflate));
		return this;
	}

	TorchZipWriter addDeflated(final String name, final byte[] data) {
		items.add(new Item(prefix + "/" + name, data, -1, true));
		return this;
	}

	/** A stored record of {@code size} bytes: a hole, then {@code tail} as its last bytes. */
	TorchZipWriter addSparse(final String name, final long size, final byte[] tail) {
		items.add(new Item(prefix + "/" + name, tail, size, false));
		return this;
	}

	TorchZipWriter zip64(final boolean on) {
		zip64 = on;
		return this;
	}

	/** Adds little-endian float32 storage {@code data/<key>}. */
	TorchZipWriter floats(final String key, final float... values) {
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values)
			b.putFloat(v);
		return add("data/" + key, b.array());
	}

	void write(final Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
			StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
		{
			final ByteArrayOutputStream central = new ByteArrayOutputStream();
			long pos = 0;
			for (final Item it : items) {
				final byte[] name = it.name.getBytes(StandardCharsets.UTF_8);
				byte[] payload = it.data;
				long size = it.sparseSize >= 0 ? it.sparseSize : it.data.length;
				long csize = size;
				final int method = it.deflate ? 8 : 0;
				long crc = 0;
				if (it.sparseSize < 0) {
					final CRC32 c = new CRC32();
					c.update(it.data);
					crc = c.getValue();
				}
				if (it.deflate) {
					final Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
					d.setInput(it.data);
					d.finish();
					final ByteArrayOutputStream bo = new ByteArrayOutputStream();
					final byte[] buf = new byte[4096];
					while (!d.finished())
						bo.write(buf, 0, d.deflate(buf));
					d.end();
					payload = bo.toByteArray();
					csize = payload.length;
				}
				// pad with an 'FB' extra field so the data starts at a multiple of 64
				final long unpadded = pos + 30 + name.length + 4;
				final int pad = (int) ((64 - unpadded % 64) % 64);
				final ByteBuffer local = ByteBuffer.allocate(30 + name.length + 4 + pad).order(
					ByteOrder.LITTLE_ENDIAN);
				local.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) method)
					.putShort((short) 0).putShort((short) 0).putInt((int) crc).putInt((int) csize).putInt(
						(int) size).putShort((short) name.length).putShort((short) (4 + pad)).put(name)
					.putShort((short) 0x4246).putShort((short) pad);
				for (int i = 0; i < pad; i++)
					local.put((byte) 'Z');
				write(ch, local.flip(), pos);
				final long dataPos = pos + local.limit();
				if (it.sparseSize >= 0) write(ch, ByteBuffer.wrap(it.data), dataPos + size -
					it.data.length);
				else write(ch, ByteBuffer.wrap(payload), dataPos);
				centralEntry(central, name, method, crc, csize, size, pos);
				pos = dataPos + csize;
			}
			final byte[] cd = central.toByteArray();
			write(ch, ByteBuffer.wrap(cd), pos);
			final long cdOffset = pos;
			pos += cd.length;
			final ByteBuffer end = ByteBuffer.allocate(56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
			if (zip64) {
				end.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0)
					.putInt(0).putLong(items.size()).putLong(items.size()).putLong(cd.length).putLong(
						cdOffset);
				end.putInt(0x07064b50).putInt(0).putLong(pos).putInt(1);
			}
			final boolean big = zip64 || cdOffset > 0xffffffffL;
			end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) (big ? 0xffff
				: items.size())).putShort((short) (big ? 0xffff : items.size())).putInt(big ? -1
					: cd.length).putInt(big ? -1 : (int) cdOffset).putShort((short) 0);
			write(ch, end.flip(), pos);
		}
	}

	private void centralEntry(final ByteArrayOutputStream central, final byte[] name,
		final int method, final long crc, final long csize, final long size, final long offset)
	{
		final boolean big = zip64 || size >= 0xffffffffL || offset >= 0xffffffffL;
		final int extraLen = big ? 4 + 24 : 0;
		final ByteBuffer c = ByteBuffer.allocate(46 + name.length + extraLen).order(
			ByteOrder.LITTLE_ENDIAN);
		c.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort(
			(short) method).putShort((short) 0).putShort((short) 0).putInt((int) crc).putInt(big ? -1
				: (int) csize).putInt(big ? -1 : (int) size).putShort((short) name.length).putShort(
					(short) extraLen).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
			.putInt(big ? -1 : (int) offset).put(name);
		if (big) c.putShort((short) 1).putShort((short) 24).putLong(size).putLong(csize).putLong(
			offset);
		central.write(c.array(), 0, c.capacity());
	}

	private static void write(final FileChannel ch, final ByteBuffer b, final long pos)
		throws IOException
	{
		long p = pos;
		while (b.hasRemaining())
			p += ch.write(b, p);
	}
}
