package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

	@TempDir
	Path dir;

	private static byte[] le(final int elementSize, final long... bitPatterns) {
		final ByteBuffer b = ByteBuffer.allocate(bitPatterns.length * elementSize).order(
			ByteOrder.LITTLE_ENDIAN);
		for (final long v : bitPatterns)
			switch (elementSize) {
				case 2: b.putShort((short) v); break;
				case 4: b.putInt((int) v); break;
				default: b.putLong(v);
			}
		return b.array();
	}

	private CheckpointFormatException fails(final Path f) {
		return assertThrows(CheckpointFormatException.class, () -> SafetensorsReader.read(f));
	}

	@Test
	void readsAllFloatTypesAndSkipsMetadata() throws IOException {
		final Path f = dir.resolve("model.safetensors");
		new SafetensorsWriter().floats("embeddings.cls_token", new long[] { 1, 1, 2 }, 1, -2).add("h",
			"F16", new long[] { 2 }, le(2, 0x3c00, 0xc000)).add("bf", "BF16", new long[] { 1 }, le(2,
				Float.floatToIntBits(1.5f) >>> 16)).add("d", "F64", new long[] { 1 }, le(8, Double
					.doubleToLongBits(0.125))).add("ids", "I64", new long[] { 2 }, le(8, 0, 1)).add("empty",
						"F32", new long[] { 0, 4 }, new byte[0]).write(f);
		try (Checkpoint c = SafetensorsReader.read(f)) {
			assertEquals(List.of("embeddings.cls_token", "h", "bf", "d", "ids", "empty"), List.copyOf(c
				.tensors().keySet()));
			assertArrayEquals(new float[] { 1, -2 }, c.tensors().get("embeddings.cls_token")
				.toFloatArray());
			assertArrayEquals(new long[] { 1, 1, 2 }, c.tensors().get("embeddings.cls_token").shape());
			assertTrue(c.tensors().get("embeddings.cls_token").bytes().isDirect());
			assertArrayEquals(new float[] { 1, -2 }, c.tensors().get("h").toFloatArray());
			assertArrayEquals(new float[] { 1.5f }, c.tensors().get("bf").toFloatArray());
			assertArrayEquals(new float[] { 0.125f }, c.tensors().get("d").toFloatArray());
			assertEquals(DType.I64, c.tensors().get("ids").dtype());
			assertEquals(0, c.tensors().get("empty").numel());
			assertEquals(Checkpoint.Format.SAFETENSORS, c.format());
		}
	}

	@Test
	void stripsTrainingPrefixes() throws IOException {
		final Path f = dir.resolve("p.safetensors");
		new SafetensorsWriter().floats("module.backbone.norm.weight", new long[] { 1 }, 3).floats(
			"module.head.w", new long[] { 1 }, 4).write(f);
		try (Checkpoint c = SafetensorsReader.read(f)) {
			assertEquals(List.of("norm.weight"), List.copyOf(c.tensors().keySet()));
			assertEquals("norm.weight", c.tensors().get("norm.weight").name());
		}
	}

	/** Data after a 2.5 GiB sparse hole: offsets beyond int range must work. */
	@Test
	void readsFilesLargerThan2GiB() throws IOException {
		final long at = 5L << 29;
		final Path f = dir.resolve("huge.safetensors");
		final SafetensorsWriter w = new SafetensorsWriter().addAt("pad", "U8", new long[] { at }, 0,
			at, new byte[0]);
		w.addAt("w", "F32", new long[] { 2 }, at, at + 8, le(4, Float.floatToIntBits(7f), Float
			.floatToIntBits(8f))).write(f);
		assertTrue(Files.size(f) > at);
		final CheckpointFormatException tooBig = fails(f);
		assertTrue(tooBig.getMessage().contains("'pad'") && tooBig.getMessage().contains("2 GiB"),
			tooBig.getMessage());

		// same layout without the oversized padding tensor: a hole the header does not cover
		final Path g = dir.resolve("huge2.safetensors");
		new SafetensorsWriter().addAt("w", "F32", new long[] { 2 }, at, at + 8, le(4, Float
			.floatToIntBits(7f), Float.floatToIntBits(8f))).write(g);
		try (Checkpoint c = SafetensorsReader.read(g)) {
			assertArrayEquals(new float[] { 7, 8 }, c.tensors().get("w").toFloatArray());
		}
	}

	@Test
	void headerLengthBeyondFileIsRefused() throws IOException {
		final Path f = dir.resolve("h.safetensors");
		Files.write(f, new byte[] { 100, 0, 0, 0, 0, 0, 0, 0, '{', '}' });
		assertTrue(fails(f).getMessage().contains("past the end"));
		final Path g = dir.resolve("g.safetensors");
		Files.write(g, new byte[] { 0, 0, 0, 0x40, 0, 0, 0, 0, '{', '}' }); // 1 GiB header
		assertTrue(fails(g).getMessage().contains("100000000"));
		final Path n = dir.resolve("n.safetensors");
		Files.write(n, new byte[] { -1, -1, -1, -1, -1, -1, -1, -1, '{', '}' }); // 2^64 - 1
		fails(n);
	}

	@Test
	void overlappingOffsetsAreRefused() throws IOException {
		final Path f = dir.resolve("o.safetensors");
		new SafetensorsWriter().addAt("a", "F32", new long[] { 2 }, 0, 8, new byte[8]).addAt("b", "F32",
			new long[] { 2 }, 4, 12, new byte[8]).write(f);
		final CheckpointFormatException e = fails(f);
		assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("'a'") && e
			.getMessage().contains("'b'"), e.getMessage());
	}

	@Test
	void inconsistentOrBrokenHeadersAreRefused() throws IOException {
		final Path f = dir.resolve("x.safetensors");
		new SafetensorsWriter().addAt("a", "F32", new long[] { 3 }, 0, 8, new byte[8]).write(f);
		assertTrue(fails(f).getMessage().contains("needs 12 bytes"));
		new SafetensorsWriter().addAt("a", "F32", new long[] { 2 }, 8, 0, new byte[8]).write(f);
		fails(f);
		new SafetensorsWriter().add("a", "F8_E4M3", new long[] { 2 }, new byte[2]).write(f);
		assertTrue(fails(f).getMessage().contains("F8_E4M3"));
		new SafetensorsWriter().add("a", "F32", new long[] { -1 }, new byte[0]).write(f);
		fails(f);
		new SafetensorsWriter().add("a", "F32", new long[] { 1L << 40, 1L << 40 }, new byte[0]).write(
			f);
		fails(f);
		final SafetensorsWriter w = new SafetensorsWriter();
		w.writeWithHeader(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
			"\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}");
		assertTrue(fails(f).getMessage().contains("twice"));
		w.writeWithHeader(f, "{\"a\":{\"dtype\":\"F32\"");
		fails(f);
		w.writeWithHeader(f, "{\"a\":[1,2]}");
		fails(f);
		w.writeWithHeader(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}");
		fails(f);
		w.writeWithHeader(f, "{} trailing");
		fails(f);
		final StringBuilder deep = new StringBuilder("{\"__metadata__\":");
		for (int i = 0; i < 100_000; i++)
			deep.append('[');
		w.writeWithHeader(f, deep.toString());
		fails(f);
	}

	@Test
	void everyTruncationFailsCleanly() throws IOException {
		final Path f = dir.resolve("full.safetensors");
		new SafetensorsWriter().floats("a", new long[] { 2, 2 }, 1, 2, 3, 4).floats("b", new long[] {
			1 }, 5).write(f);
		final byte[] all = Files.readAllBytes(f);
		final Path cut = dir.resolve("cut.safetensors");
		for (int n = 0; n < all.length; n++) {
			try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
				raf.setLength(0);
				raf.write(all, 0, n);
			}
			assertThrows(CheckpointFormatException.class, () -> SafetensorsReader.read(cut), "length " +
				n);
		}
	}
}
