package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression test per class of reader bug that {@link CheckpointFuzzer} found (see
 * docs/fuzzing.md): each failed before its fix by hanging, by allocating far more than the file,
 * or by escaping as an exception other than {@link CheckpointFormatException}.
 */
class HostileCheckpointTest {

	@TempDir
	Path dir;

	private static final com.sun.management.ThreadMXBean THREADS =
		(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	/** Heap bytes this thread allocates while running the action. */
	private static long allocatedBy(final ThrowingRunnable action) throws Exception {
		final long before = THREADS.getCurrentThreadAllocatedBytes();
		action.run();
		return THREADS.getCurrentThreadAllocatedBytes() - before;
	}

	@FunctionalInterface
	private interface ThrowingRunnable {
		void run() throws Exception;
	}

	/**
	 * Two equal, separately built tuple DAGs (t = (t', t') repeated 90 times) as dict keys:
	 * comparing them naively walks 2^90 paths. Was: hang. Now: each pair of tuples compared once.
	 */
	@Test
	void equalTupleDagKeysCompareInLinearTime() {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict();
		for (int copy = 0; copy < 2; copy++) {
			p.integer(1);
			for (int i = 0; i < 90; i++)
				p.op('2', 0x86); // DUP, TUPLE2
			p.integer(copy).setitem();
		}
		final byte[] pickle = p.stop().bytes();
		final Object dict = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> new RestrictedUnpickler(
			pickle, "dag", null).load());
		// equal keys: the second value replaced the first, as in Python
		assertEquals(1, ((Map<?, ?>) dict).size());
		assertEquals(1L, ((Map<?, ?>) dict).values().iterator().next());
	}

	/** Unequal DAGs that differ only at the very bottom are told apart, also in linear time. */
	@Test
	void unequalTupleDagsDifferAtTheBottom() {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict();
		for (int copy = 0; copy < 2; copy++) {
			p.integer(copy == 0 ? 1 : 2).str("x").op(0x86); // (1,'x') vs (2,'x'): different hashes
			for (int i = 0; i < 90; i++)
				p.op('2', 0x86);
			p.none().setitem();
		}
		final byte[] pickle = p.stop().bytes();
		final Object dict = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> new RestrictedUnpickler(
			pickle, "dag", null).load());
		assertEquals(2, ((Map<?, ?>) dict).size());
	}

	/**
	 * Two equal keys of 100,001 distinct nested tuples each: comparing them would visit more than
	 * {@link PyTuple#MAX_COMPARISONS} pairs, so the file is refused as a denial-of-service pattern.
	 */
	@Test
	void tupleKeyComparisonIsBounded() {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict();
		for (int copy = 0; copy < 2; copy++) {
			p.mark();
			for (int i = 0; i <= PyTuple.MAX_COMPARISONS; i++)
				p.integer(i).op(0x85); // (i,)
			p.tuple().none().setitem();
		}
		final byte[] pickle = p.stop().bytes();
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> new RestrictedUnpickler(pickle, "wide.pkl", null).load());
		assertTrue(e.getMessage().startsWith("wide.pkl: ") && e.getMessage().contains(
			"denial-of-service"), e.getMessage());
	}

	/**
	 * A stride-0 view whose size was set to 2^63-1 (long run, seed 1 case 55831): the copy size
	 * overflowed to a negative capacity and escaped as IllegalArgumentException from NIO.
	 */
	@Test
	void overflowingBroadcastSizeIsRefused() throws IOException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("r").tensor("FloatStorage",
			"0", 1, 0, new long[] { Long.MAX_VALUE }, new long[] { 0 }).setitem().stop();
		final Path f = dir.resolve("overflow.pth");
		TorchZipWriter.torchArchive("o", p.bytes()).floats("0", 1).write(f);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> CheckpointReader.read(f));
		assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'r'"), e
			.getMessage());
	}

	/**
	 * Millions of values from a few bytes (here DUP; in the long run two 100,000-deep dicts in a
	 * deflated data.pkl, seed 1 case 40196): the number of values a pickle builds is capped.
	 */
	@Test
	void picklesBuildABoundedNumberOfValues() {
		final PickleWriter p = new PickleWriter().proto(2).none();
		for (int i = 0; i < RestrictedUnpickler.MAX_VALUES; i++)
			p.op('2');
		final byte[] pickle = p.stop().bytes();
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> new RestrictedUnpickler(pickle, "dups.pkl", null).load());
		assertTrue(e.getMessage().contains("more than " + RestrictedUnpickler.MAX_VALUES + " values"), e
			.getMessage());
	}

	/**
	 * 70,000 one-byte tensors: one mapping each exceeded Linux's 65,530 mappings per process and
	 * escaped as IOException("Map failed"). Now the file is mapped in a few large windows.
	 */
	@Test
	void manyTinyTensorsDoNotExhaustMemoryMappings() throws IOException {
		final int n = 70_000;
		final SafetensorsWriter w = new SafetensorsWriter();
		for (int i = 0; i < n; i++)
			w.add("t" + i, "U8", new long[] { 1 }, new byte[] { (byte) i });
		final Path f = dir.resolve("many.safetensors");
		w.write(f);
		try (Checkpoint c = CheckpointReader.read(f)) {
			assertEquals(n, c.tensors().size());
			assertEquals((byte) (n - 1), c.tensors().get("t" + (n - 1)).bytes().get(0));
		}

		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		for (int i = 0; i < n; i++)
			p.str("t" + i).tensor("ByteStorage", "0", n, i, new long[] { 1 }, new long[] { 1 });
		final byte[] data = new byte[n];
		for (int i = 0; i < n; i++)
			data[i] = (byte) (i * 7);
		final Path g = dir.resolve("many.pth");
		TorchZipWriter.torchArchive("many", p.setitems().stop().bytes()).add("data/0", data).write(g);
		try (Checkpoint c = CheckpointReader.read(g)) {
			assertEquals(n, c.tensors().size());
			assertEquals((byte) ((n - 1) * 7), c.tensors().get("t" + (n - 1)).bytes().get(0));
		}
	}

	/**
	 * A 200-byte pickle declaring a stride-0 view of 2^28 elements over one stored float: the
	 * copy took 1 GiB of heap. Now refused above 16 MiB, naming the tensor; small broadcast views
	 * still read.
	 */
	@Test
	void broadcastViewsAreRefusedBeforeCopying() throws Exception {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		p.str("small").tensor("FloatStorage", "0", 1, 0, new long[] { 3 }, new long[] { 0 });
		p.str("huge").tensor("FloatStorage", "0", 1, 0, new long[] { 1L << 28 }, new long[] { 0 });
		final Path f = dir.resolve("broadcast.pth");
		TorchZipWriter.torchArchive("b", p.setitems().stop().bytes()).floats("0", 2.5f).write(f);
		final CheckpointFormatException[] e = new CheckpointFormatException[1];
		final long allocated = allocatedBy(() -> e[0] = assertThrows(CheckpointFormatException.class,
			() -> CheckpointReader.read(f)));
		assertTrue(allocated < 16L << 20, allocated + " bytes allocated");
		assertTrue(e[0].getMessage().contains(f.toString()) && e[0].getMessage().contains("'huge'") &&
			e[0].getMessage().contains("repeats storage elements"), e[0].getMessage());

		final PickleWriter ok = new PickleWriter().proto(2).emptyDict().str("small").tensor(
			"FloatStorage", "0", 1, 0, new long[] { 3 }, new long[] { 0 }).setitem().stop();
		final Path g = dir.resolve("small.pth");
		TorchZipWriter.torchArchive("s", ok.bytes()).floats("0", 2.5f).write(g);
		try (Checkpoint c = CheckpointReader.read(g)) {
			assertArrayEquals(new float[] { 2.5f, 2.5f, 2.5f }, c.tensors().get("small").toFloatArray());
		}
	}

	/**
	 * A deflated record whose size field claims 1 GB (within the 1100:1 plausibility bound of
	 * its 1 MB of compressed data): the output buffer was allocated at the claimed size before
	 * inflating. Now it grows with the data actually inflated.
	 */
	@Test
	void corruptedDeflateSizeAllocatesNothing() throws Exception {
		final byte[] noise = new byte[1 << 20];
		new Random(1).nextBytes(noise);
		final long claimed = 1_000_000_000L;
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("w").tensor("FloatStorage",
			"0", claimed / 4).setitem().stop();
		final Path f = dir.resolve("deflate.pth");
		TorchZipWriter.torchArchive("d", p.bytes()).addDeflated("data/0", noise).write(f);
		final byte[] b = Files.readAllBytes(f);
		patchSize(b, "d/data/0", claimed);
		Files.write(f, b);
		final CheckpointFormatException[] e = new CheckpointFormatException[1];
		final long allocated = allocatedBy(() -> e[0] = assertThrows(CheckpointFormatException.class,
			() -> CheckpointReader.read(f)));
		assertTrue(allocated < 64L << 20, allocated + " bytes allocated");
		assertTrue(e[0].getMessage().contains(f.toString()) && e[0].getMessage().contains(
			"does not inflate to its declared " + claimed + " bytes"), e[0].getMessage());
	}

	/** Sets the uncompressed size in the central directory entry of that name. */
	private static void patchSize(final byte[] zip, final String name, final long size) {
		final byte[] n = name.getBytes(StandardCharsets.UTF_8);
		for (int i = zip.length - n.length; i >= 46; i--) {
			if (ByteBuffer.wrap(zip, i - 46, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() != 0x02014b50)
				continue;
			if (!java.util.Arrays.equals(zip, i, i + n.length, n, 0, n.length)) continue;
			ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(i - 46 + 24, (int) size);
			return;
		}
		throw new AssertionError("no central directory entry " + name);
	}
}
