package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: writes safetensors files with a hand-made JSON header. Offsets may be given
 * explicitly (to build broken files); data may be placed after a sparse hole.
 */
final class SafetensorsWriter {

	private record Item(String name, String dtype, long[] shape, long begin, long end, byte[] data) {}

	private final List<Item> items = new ArrayList<>();
	private String extraHeader = "\"__metadata__\":{\"format\":\"pt\"}";
	private long next;

	/** Appends a tensor right after the previous one. */
	SafetensorsWriter add(final String name, final String dtype, final long[] shape,
		final byte[] data)
	{
		return addAt(name, dtype, shape, next, next + data.length, data);
	}

	/** A tensor with explicit data_offsets; its bytes are written at {@code begin}. */
	SafetensorsWriter addAt(final String name, final String dtype, final long[] shape,
		final long begin, final long end, final byte[] data)
	{
		items.add(new Item(name, dtype, shape, begin, end, data));
		next = Math.max(next, end);
		return this;
	}

	SafetensorsWriter floats(final String name, final long[] shape, final float... values) {
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values)
			b.putFloat(v);
		return add(name, "F32", shape, b.array());
	}

	SafetensorsWriter metadata(final String jsonMember) {
		extraHeader = jsonMember;
		return this;
	}

	String header() {
		final StringBuilder h = new StringBuilder("{");
		if (extraHeader != null) h.append(extraHeader);
		for (final Item it : items) {
			if (h.length() > 1) h.append(',');
			h.append('"').append(it.name).append("\":{\"dtype\":\"").append(it.dtype).append(
				"\",\"shape\":[");
			for (int i = 0; i < it.shape.length; i++)
				h.append(i == 0 ? "" : ",").append(it.shape[i]);
			h.append("],\"data_offsets\":[").append(it.begin).append(',').append(it.end).append("]}");
		}
		h.append('}');
		while ((h.length() + 8) % 8 != 0)
			h.append(' ');
		return h.toString();
	}

	void write(final Path file) throws IOException {
		writeWithHeader(file, header());
	}

	void writeWithHeader(final Path file, final String header) throws IOException {
		final byte[] json = header.getBytes(StandardCharsets.UTF_8);
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
			StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
		{
			final ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(
				json.length).flip();
			ch.write(len, 0);
			ch.write(ByteBuffer.wrap(json), 8);
			final long dataStart = 8 + json.length;
			long end = dataStart;
			for (final Item it : items) {
				final ByteBuffer d = ByteBuffer.wrap(it.data);
				long p = dataStart + it.begin;
				while (d.hasRemaining())
					p += ch.write(d, p);
				end = Math.max(end, dataStart + it.end);
			}
			if (ch.size() < end) ch.write(ByteBuffer.allocate(1), end - 1);
		}
	}
}
