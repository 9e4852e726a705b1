package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchZipReaderTest {

	@TempDir
	Path dir;

	private static float[] range(final int n, final float start) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = start + i;
		return v;
	}

	/** OrderedDict{'a': 2x3 tensor, 'b': 3 tensor}, as model.state_dict() writes it. */
	private static byte[] orderedDictPickle() {
		final PickleWriter p = new PickleWriter().proto(2).emptyOrderedDict().binput(0).mark();
		p.str("a").tensor("FloatStorage", "0", 2, 3).binput(1);
		p.str("b").tensor("FloatStorage", "1", 3);
		// _metadata attribute set through BUILD, as torch does
		p.setitems().emptyDict().str("_metadata").emptyOrderedDict().setitem().build().stop();
		return p.bytes();
	}

	@Test
	void readsOrderedDictStateDict() throws IOException {
		final Path f = dir.resolve("w.pth");
		TorchZipWriter.torchArchive("w", orderedDictPickle()).floats("0", range(6, 0)).floats("1",
			10, 11, 12).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
			final TensorData a = c.tensors().get("a");
			assertArrayEquals(new long[] { 2, 3 }, a.shape());
			assertEquals(DType.F32, a.dtype());
			assertArrayEquals(range(6, 0), a.toFloatArray());
			assertTrue(a.bytes().isDirect(), "stored records are memory-mapped");
			assertArrayEquals(new float[] { 10, 11, 12 }, c.tensors().get("b").toFloatArray());
			assertEquals(Checkpoint.Format.TORCH_ZIP, c.format());
			assertEquals("top-level state dict", c.origin());
		}
	}

	@Test
	void readsPlainDictOfParameters() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().binput(0).str("w");
		p.beginParameter().tensor("FloatStorage", "0", 4).endParameter().setitem();
		p.str("step").integer(7).setitem(); // non-tensor entry: skipped
		final Path f = dir.resolve("p.pt");
		TorchZipWriter.torchArchive("p", p.stop().bytes()).floats("0", 1, 2, 3, 4).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertEquals(List.of("w"), List.copyOf(c.tensors().keySet()));
			assertArrayEquals(new float[] { 1, 2, 3, 4 }, c.tensors().get("w").toFloatArray());
		}
	}

	@Test
	void tensorsShareOneStorageAtOffsets() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("first").tensor("FloatStorage", "94081729898320", 10, 0, new long[] { 2, 2 },
			new long[] { 2, 1 });
		p.str("second").tensor("FloatStorage", "94081729898320", 10, 4, new long[] { 6 },
			new long[] { 1 });
		final Path f = dir.resolve("shared.pth");
		TorchZipWriter.torchArchive("shared", p.setitems().stop().bytes()).floats("94081729898320",
			range(10, 0)).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(new float[] { 0, 1, 2, 3 }, c.tensors().get("first").toFloatArray());
			assertArrayEquals(new float[] { 4, 5, 6, 7, 8, 9 }, c.tensors().get("second")
				.toFloatArray());
		}
	}

	@Test
	void nonContiguousViewIsCopiedInCOrder() throws IOException {
		// storage 0..5 seen as the transpose of a 2x3 matrix: shape (3,2), stride (1,3), offset 0;
		// plus a strided slice: every second element starting at 1
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("t").tensor("FloatStorage", "0", 6, 0, new long[] { 3, 2 }, new long[] { 1, 3 });
		p.str("s").tensor("FloatStorage", "0", 6, 1, new long[] { 3 }, new long[] { 2 });
		final Path f = dir.resolve("strided.pth");
		TorchZipWriter.torchArchive("strided", p.setitems().stop().bytes()).floats("0", range(6, 0))
			.write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(new float[] { 0, 3, 1, 4, 2, 5 }, c.tensors().get("t").toFloatArray());
			assertArrayEquals(new long[] { 3, 2 }, c.tensors().get("t").shape());
			assertArrayEquals(new float[] { 1, 3, 5 }, c.tensors().get("s").toFloatArray());
		}
	}

	@Test
	void convertsHalfAndBFloat16() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("h").tensor("HalfStorage", "0", 3);
		p.str("bf").tensor("BFloat16Storage", "1", 3);
		// float16: 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800; bfloat16: upper halves of float32
		final ByteBuffer h = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort(
			(short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x3800);
		final ByteBuffer bf = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : new float[] { 1.5f, -3f, 0.25f })
			bf.putShort((short) (Float.floatToIntBits(v) >>> 16));
		final Path f = dir.resolve("half.pth");
		TorchZipWriter.torchArchive("half", p.setitems().stop().bytes()).add("data/0", h.array()).add(
			"data/1", bf.array()).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertEquals(DType.F16, c.tensors().get("h").dtype());
			assertArrayEquals(new float[] { 1, -2, 0.5f }, c.tensors().get("h").toFloatArray());
			assertEquals(DType.BF16, c.tensors().get("bf").dtype());
			assertArrayEquals(new float[] { 1.5f, -3, 0.25f }, c.tensors().get("bf").toFloatArray());
		}
	}

	/**
	 * A DINO "full checkpoint": {'student': ..., 'teacher': ..., 'args': Namespace(...),
	 * 'epoch': 100}; teacher wins, module.backbone. is removed, the head is dropped.
	 */
	@Test
	void picksTeacherOfFullDinoCheckpoint() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("student").emptyOrderedDict().mark();
		p.str("module.backbone.cls_token").tensor("FloatStorage", "0", 1, 1, 2);
		p.setitems();
		p.str("teacher").emptyOrderedDict().mark();
		p.str("module.backbone.cls_token").tensor("FloatStorage", "1", 1, 1, 2);
		p.str("module.backbone.pos_embed").tensor("FloatStorage", "2", 1, 2, 2);
		p.str("module.head.last_layer.weight").tensor("FloatStorage", "3", 2);
		p.setitems();
		p.str("args").global("argparse", "Namespace").emptyTuple().newobj().emptyDict().mark();
		p.str("arch").str("vit_small").str("patch_size").integer(8).str("lr").floating(5e-4).str(
			"use_fp16").bool(false).str("data_path").str("/path/to/imagenet/train").setitems().build();
		p.str("epoch").integer(100).setitems().stop();
		final Path f = dir.resolve("dino_deitsmall8_full_checkpoint.pth");
		TorchZipWriter.torchArchive("checkpoint", p.bytes()).floats("0", -1, -1).floats("1", 1, 2)
			.floats("2", 3, 4, 5, 6).floats("3", 9, 9).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertEquals(List.of("cls_token", "pos_embed"), List.copyOf(c.tensors().keySet()));
			assertArrayEquals(new float[] { 1, 2 }, c.tensors().get("cls_token").toFloatArray());
			assertEquals("cls_token", c.tensors().get("cls_token").name());
			assertTrue(c.origin().contains("teacher") && c.origin().contains("module.") && c.origin()
				.contains("backbone."), c.origin());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "archive", "dino_vitbase16_pretrain", "x", "weird name-1.2" })
	void takesTopFolderFromTheArchive(final String prefix) throws IOException {
		final Path f = dir.resolve("any.pth");
		TorchZipWriter.torchArchive(prefix, orderedDictPickle()).floats("0", range(6, 0)).floats("1",
			10, 11, 12).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertEquals(2, c.tensors().size());
		}
	}

	@Test
	void randomTopFolderNames() throws IOException {
		final Random r = new Random(42);
		for (int i = 0; i < 5; i++) {
			final StringBuilder prefix = new StringBuilder();
			for (int k = 0, n = 1 + r.nextInt(30); k < n; k++)
				prefix.append((char) ('a' + r.nextInt(26)));
			final Path f = dir.resolve("r" + i + ".pth");
			TorchZipWriter.torchArchive(prefix.toString(), orderedDictPickle()).floats("0", range(6, 0))
				.floats("1", 10, 11, 12).write(f);
			try (Checkpoint c = TorchZipReader.read(f)) {
				assertArrayEquals(new float[] { 10, 11, 12 }, c.tensors().get("b").toFloatArray());
			}
		}
	}

	@Test
	void readsZip64AndDeflatedRecordsWithoutByteorder() throws IOException {
		final Path f = dir.resolve("z64.pth");
		final ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : new float[] { 10, 11, 12 })
			b.putFloat(v);
		new TorchZipWriter("z64").addDeflated("data.pkl", orderedDictPickle()).floats("0", range(6,
			0)).addDeflated("data/1", b.array()).zip64(true).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(range(6, 0), c.tensors().get("a").toFloatArray());
			assertArrayEquals(new float[] { 10, 11, 12 }, c.tensors().get("b").toFloatArray());
		}
	}

	@Test
	void convertsBigEndianFiles() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("w").tensor("FloatStorage",
			"0", 2).setitem().stop();
		final ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.25f)
			.putFloat(-7f);
		final Path f = dir.resolve("be.pth");
		new TorchZipWriter("be").add("data.pkl", p.bytes()).add("byteorder", "big".getBytes(
			StandardCharsets.US_ASCII)).add("data/0", be.array()).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(new float[] { 1.25f, -7f }, c.tensors().get("w").toFloatArray());
		}
	}

	@Test
	void readsProtocol4Opcodes() throws IOException {
		// FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL, _rebuild_tensor_v3 on an UntypedStorage
		final PickleWriter p = new PickleWriter().proto(4).op(0x95, 0, 0, 0, 0, 0, 0, 0, 0).emptyDict()
			.op(0x94).shortStr("w").op(0x94);
		p.stackGlobal("torch._utils", "_rebuild_tensor_v3").op(0x94).mark();
		p.mark().shortStr("storage").stackGlobal("torch", "UntypedStorage").shortStr("0").shortStr(
			"cpu").integer(8).tuple().op('Q');
		p.integer(0).tupleOfInts(2).tupleOfInts(1).bool(false).emptyOrderedDict().stackGlobal("torch",
			"float32").tuple().reduce().setitem().stop();
		final Path f = dir.resolve("p4.pth");
		TorchZipWriter.torchArchive("p4", p.bytes()).floats("0", 3, 4).write(f);
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(new float[] { 3, 4 }, c.tensors().get("w").toFloatArray());
		}
	}

	/** A 2.5 GiB sparse storage record followed by a small one: no int offsets anywhere. */
	@Test
	void readsArchivesLargerThan2GiB() throws IOException {
		final long big = (5L << 29) / 4 * 4; // 2.5 GiB of float32 zeros (a hole)
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("tail").tensor("FloatStorage", "0", big / 4, big / 4 - 2, new long[] { 2 },
			new long[] { 1 });
		p.str("after").tensor("FloatStorage", "1", 3);
		final ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(42f)
			.putFloat(43f);
		final ByteBuffer after = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1)
			.putFloat(2).putFloat(3);
		final Path f = dir.resolve("huge.pth");
		TorchZipWriter.torchArchive("huge", p.setitems().stop().bytes()).addSparse("data/0", big, tail
			.array()).add("data/1", after.array()).write(f);
		assertTrue(Files.size(f) > (5L << 29));
		try (Checkpoint c = TorchZipReader.read(f)) {
			assertArrayEquals(new float[] { 42, 43 }, c.tensors().get("tail").toFloatArray());
			assertArrayEquals(new float[] { 1, 2, 3 }, c.tensors().get("after").toFloatArray());
		}
	}

	@Test
	void refusesTorchScriptArchives() throws IOException {
		final Path f = dir.resolve("traced.pt");
		TorchZipWriter.torchArchive("traced", orderedDictPickle()).add("constants.pkl", new byte[] {
			(byte) 0x80, 2, ')', '.' }).add("code/__torch__/model.py", new byte[1]).write(f);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> TorchZipReader.read(f));
		assertTrue(e.getMessage().contains("TorchScript") && e.getMessage().contains(f.toString()), e
			.getMessage());
	}

	@Test
	void refusesZipWithoutDataPkl() throws IOException {
		final Path f = dir.resolve("arrays.npz");
		new TorchZipWriter("x").addRaw("a.npy", new byte[10]).write(f);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> TorchZipReader.read(f));
		assertTrue(e.getMessage().contains("data.pkl"), e.getMessage());
	}

	@Test
	void refusesTensorOutsideItsStorage() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("w").tensor("FloatStorage",
			"0", 4, 2, new long[] { 3 }, new long[] { 1 }).setitem().stop();
		final Path f = dir.resolve("outside.pth");
		TorchZipWriter.torchArchive("o", p.bytes()).floats("0", 1, 2, 3, 4).write(f);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> TorchZipReader.read(f));
		assertTrue(e.getMessage().contains("'w'"), e.getMessage());
	}

	@Test
	void refusesStorageLargerThanItsRecordOrMissing() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("w").tensor("FloatStorage",
			"0", 8).setitem().stop();
		final Path f = dir.resolve("short.pth");
		TorchZipWriter.torchArchive("s", p.bytes()).floats("0", 1, 2).write(f);
		assertThrows(CheckpointFormatException.class, () -> TorchZipReader.read(f));
		final Path g = dir.resolve("missing.pth");
		TorchZipWriter.torchArchive("s", p.bytes()).write(g);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> TorchZipReader.read(g));
		assertTrue(e.getMessage().contains("s/data/0") && e.getMessage().contains("missing"), e
			.getMessage());
	}

	@Test
	void everyTruncationFailsCleanly() throws IOException {
		final Path f = dir.resolve("full.pth");
		TorchZipWriter.torchArchive("t", orderedDictPickle()).floats("0", range(6, 0)).floats("1", 10,
			11, 12).write(f);
		final byte[] all = Files.readAllBytes(f);
		final Path cut = dir.resolve("cut.pth");
		for (int n = 0; n < all.length; n += 7) {
			try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
				raf.setLength(0);
				raf.write(all, 0, n);
			}
			assertThrows(CheckpointFormatException.class, () -> TorchZipReader.read(cut), "length " + n);
		}
	}

	@Test
	void corruptedBytesNeverEscapeAsOtherExceptions() throws IOException {
		final Path f = dir.resolve("good.pth");
		TorchZipWriter.torchArchive("c", orderedDictPickle()).floats("0", range(6, 0)).floats("1", 10,
			11, 12).write(f);
		final byte[] good = Files.readAllBytes(f);
		final Random r = new Random(7);
		final Path bad = dir.resolve("bad.pth");
		for (int i = 0; i < 400; i++) {
			final byte[] b = good.clone();
			for (int k = 0; k < 1 + r.nextInt(4); k++)
				b[r.nextInt(b.length)] = (byte) r.nextInt(256);
			Files.write(bad, b);
			try (Checkpoint c = TorchZipReader.read(bad)) {
				c.tensors().values().forEach(TensorData::toFloatArray);
			}
			catch (final CheckpointFormatException expected) {
				// fine
			}
		}
	}
}
