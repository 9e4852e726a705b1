package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestrictedUnpicklerTest {

	@TempDir
	Path dir;

	private static Object load(final byte[] pickle) throws CheckpointFormatException {
		return new RestrictedUnpickler(pickle, "test.pkl", null).load();
	}

	private static CheckpointFormatException refused(final byte[] pickle) {
		return assertThrows(CheckpointFormatException.class, () -> load(pickle));
	}

	/** {@code module.name('touch <marker>')}: what a malicious checkpoint does. */
	private static byte[] exploit(final String module, final String name, final Path marker,
		final boolean stackGlobal)
	{
		final PickleWriter p = new PickleWriter().proto(stackGlobal ? 4 : 2);
		if (stackGlobal) p.stackGlobal(module, name);
		else p.global(module, name);
		return p.str("touch " + marker).op(0x85).reduce().stop().bytes();
	}

	@ParameterizedTest
	@CsvSource({ "os,system", "posix,system", "nt,system", "builtins,eval", "builtins,exec",
		"__builtin__,eval", "builtins,getattr", "builtins,__import__", "subprocess,Popen",
		"subprocess,check_output", "torch.nn.modules.linear,Linear", "numpy.core.multiarray,_reconstruct",
		"collections,OrderedDict.__class__", "torch,load" })
	void refusesGlobalsOutsideTheAllowlist(final String module, final String name)
		throws IOException
	{
		for (final boolean stack : new boolean[] { false, true }) {
			final Path marker = dir.resolve("ran-" + name + stack);
			final CheckpointFormatException e = refused(exploit(module, name, marker, stack));
			assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
			assertTrue(e.getMessage().contains("refused"), e.getMessage());
			assertFalse(Files.exists(marker), "nothing may run");
		}
	}

	/** The refusal happens at the GLOBAL opcode: bytes after it are never looked at. */
	@Test
	void refusesAtTheGlobalOpcodeBeforeBuildingAnything() {
		final byte[] p = new PickleWriter().proto(2).global("os", "system").op(0xff, 0xff).bytes();
		final CheckpointFormatException e = refused(p);
		assertTrue(e.getMessage().contains("'os.system'") && e.getMessage().contains("pickle byte 2"),
			e.getMessage());
	}

	/** Through the whole reader, in a real-looking .pth; and Python would have run it. */
	@Test
	void maliciousCheckpointIsRefusedAndNothingRuns() throws Exception {
		final Path marker = dir.resolve("pwned");
		final byte[] pickle = exploit("os", "system", marker, false);
		final Path f = dir.resolve("evil.pth");
		TorchZipWriter.torchArchive("evil", pickle).write(f);
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> CheckpointReader.read(f));
		assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'os.system'"), e
			.getMessage());
		assertFalse(Files.exists(marker));

		// Sanity check of the fixture itself, only where Python exists: it really is an exploit.
		Assumptions.assumeTrue(new File("/usr/bin/python3").canExecute());
		final Path probe = dir.resolve("pwned-by-python");
		final Path evil = dir.resolve("evil.pkl");
		Files.write(evil, exploit("os", "system", probe, false));
		final Process py = new ProcessBuilder("/usr/bin/python3", "-c",
			"import pickle,sys; pickle.load(open(sys.argv[1],'rb'))", evil.toString()).start();
		py.waitFor(30, TimeUnit.SECONDS);
		assertTrue(Files.exists(probe), "the fixture is a working exploit under Python's pickle");
	}

	@Test
	void readsScalarsAndContainers() throws CheckpointFormatException {
		final PickleWriter p = new PickleWriter().proto(2).mark();
		p.integer(-5).integer(300).integer(1L << 40).op(0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1);
		p.floating(2.5).none().bool(true).op('U', 2, 'h', 'i').emptyList().binput(3).mark().integer(1)
			.op('e');
		p.global("builtins", "set").mark().mark().integer(1).integer(2).op('l').tuple().reduce();
		p.tuple().stop();
		final PyTuple t = (PyTuple) load(p.bytes());
		assertEquals(-5L, t.get(0));
		assertEquals(300L, t.get(1));
		assertEquals(1L << 40, t.get(2));
		assertEquals(BigInteger.ONE.shiftLeft(64), t.get(3));
		assertEquals(2.5, t.get(4));
		assertSame(PyNone.NONE, t.get(5));
		assertEquals(Boolean.TRUE, t.get(6));
		assertEquals("hi", t.get(7));
		assertEquals(List.of(1L), t.get(8));
		assertInstanceOf(java.util.Set.class, t.get(9));
	}

	@Test
	void numpyScalarsAndCodecsBytesArePlaceholders() throws CheckpointFormatException {
		// {'best': numpy.core.multiarray.scalar(numpy.dtype('f8'), _codecs.encode('...', 'latin1'))}
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().str("best");
		p.global("numpy.core.multiarray", "scalar").global("numpy", "dtype").str("f8").bool(false).bool(
			true).op(0x87).reduce().mark().integer(3).str("<").none().none().none().integer(-1).integer(
				-1).integer(0).tuple().build();
		p.global("_codecs", "encode").str("\u0000\u0000\u0000\u0000\u0000\u0000\u00f0?").str("latin1")
			.op(0x86).reduce().op(0x86).reduce().setitem().stop();
		final Map<?, ?> m = (Map<?, ?>) load(p.bytes());
		final PyStub s = (PyStub) m.get("best");
		assertEquals("numpy.core.multiarray.scalar", s.className());
		assertInstanceOf(byte[].class, s.args().get(1));
		assertEquals(8, ((byte[]) s.args().get(1)).length);
	}

	/** Pickles written by CPython itself (scripts/make_pickle_fixtures.py), protocols 2 and 5. */
	@ParameterizedTest
	@CsvSource({ "cpython_protocol2.pkl", "cpython_protocol5.pkl" })
	void readsWhatCPythonWrites(final String resource) throws IOException {
		final byte[] bytes;
		try (java.io.InputStream in = getClass().getResourceAsStream("/checkpoint/" + resource)) {
			bytes = in.readAllBytes();
		}
		final Map<?, ?> m = (Map<?, ?>) load(bytes);
		final PyStub args = (PyStub) m.get("args");
		assertEquals("argparse.Namespace", args.className());
		final Map<?, ?> fields = (Map<?, ?>) args.state();
		assertEquals("vit_small", fields.get("arch"));
		assertEquals(8L, fields.get("patch_size"));
		assertEquals(0.0005, fields.get("lr"));
		assertEquals(false, fields.get("use_fp16"));
		assertSame(PyNone.NONE, fields.get("optimizer"));
		assertEquals(PyTuple.of(0.05, 0.4), fields.get("local_crops_scale"));
		assertEquals(100L, m.get("epoch"));
		assertEquals(BigInteger.TWO.pow(70), m.get("big"));
		assertEquals(-123456789012L, m.get("negative"));
		assertEquals(3.14159, m.get("pi"));
		org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] { 0, 1, (byte) 0xfe, (byte) 0xff },
			(byte[]) m.get("raw"));
		assertEquals("caf\u00e9 \u2603", m.get("unicode"));
		assertEquals(java.util.Set.of("a", "b"), m.get("tags"));
		assertEquals(java.util.Set.of(1L), m.get("frozen"));
		final List<?> shared = (List<?>) m.get("shared");
		assertSame(shared.get(0), shared.get(1));
		assertSame(m.get("meta"), shared.get(0));
		if (m.containsKey("best_acc")) assertTrue(((PyStub) m.get("best_acc")).className().startsWith(
			"numpy."));
	}

	@Test
	void selfReferencingListIsHarmless() throws CheckpointFormatException {
		final byte[] p = new PickleWriter().proto(2).emptyList().binput(0).binget(0).op('a').stop()
			.bytes();
		final List<?> l = (List<?>) load(p);
		assertSame(l, l.get(0));
	}

	@Test
	void rejectsUnhashableKeys() {
		refused(new PickleWriter().proto(2).emptyDict().emptyList().integer(1).setitem().stop().bytes());
		// a tuple holding a list is unhashable too
		refused(new PickleWriter().proto(2).emptyDict().emptyList().op(0x85).integer(1).setitem().stop()
			.bytes());
	}

	@Test
	void boundsNesting() {
		final PickleWriter marks = new PickleWriter().proto(2);
		for (int i = 0; i < 100_000; i++)
			marks.mark();
		assertTrue(refused(marks.bytes()).getMessage().contains("nested marks"));
		final PickleWriter tuples = new PickleWriter().proto(2).none();
		for (int i = 0; i < 100_000; i++)
			tuples.op(0x85);
		assertTrue(refused(tuples.stop().bytes()).getMessage().contains("nested deeper"));
	}

	/** "Aa" and "BB" share a hash code, so do all 2^n strings made of them: hash flooding. */
	@Test
	void refusesHashFlooding() throws CheckpointFormatException {
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
		for (int i = 0; i < 4096; i++) {
			final StringBuilder k = new StringBuilder();
			for (int bit = 0; bit < 12; bit++)
				k.append((i >> bit & 1) == 0 ? "Aa" : "BB");
			p.str(k.toString()).none();
		}
		final CheckpointFormatException e = refused(p.setitems().stop().bytes());
		assertTrue(e.getMessage().contains("hash code"), e.getMessage());
		// many ordinary keys are fine
		final PickleWriter ok = new PickleWriter().proto(2).emptyDict().mark();
		for (int i = 0; i < 20_000; i++)
			ok.str("blocks." + i + ".weight").none();
		assertEquals(20_000, ((Map<?, ?>) load(ok.setitems().stop().bytes())).size());
	}

	@Test
	void hugeDeclaredLengthsAllocateNothing() {
		// BINUNICODE of 4 GiB - 1, BINUNICODE8 / BINBYTES8 of 2^63+, LONG4 of 2^31-1 bytes
		refused(new PickleWriter().proto(2).op('X', 0xff, 0xff, 0xff, 0xff, 'a').bytes());
		refused(new PickleWriter().proto(4).op(0x8d, 0, 0, 0, 0, 0, 0, 0, 0x80, 'a').bytes());
		refused(new PickleWriter().proto(4).op(0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
			.bytes());
		refused(new PickleWriter().proto(2).op(0x8b, 0xff, 0xff, 0xff, 0x7f, 1).bytes());
		refused(new PickleWriter().proto(2).op('T', 0xff, 0xff, 0xff, 0xff).bytes());
		refused(new PickleWriter().proto(4).op(0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
			.bytes());
	}

	@Test
	void memoIndicesAreSparse() throws CheckpointFormatException {
		// LONG_BINPUT at 0xffffffff must not allocate a 4-billion-entry memo
		final byte[] p = new PickleWriter().proto(2).integer(1).op('r', 0xff, 0xff, 0xff, 0xff).op('0')
			.op('j', 0xff, 0xff, 0xff, 0xff).stop().bytes();
		assertEquals(1L, load(p));
		refused(new PickleWriter().proto(2).op('j', 1, 0, 0, 0).stop().bytes());
	}

	@Test
	void malformedStructureIsRefused() {
		refused(new PickleWriter().proto(2).stop().bytes()); // empty stack
		refused(new PickleWriter().proto(2).op('t').bytes()); // no mark
		refused(new PickleWriter().proto(2).integer(1).op('a').stop().bytes()); // append to int
		refused(new PickleWriter().proto(2).str("os").emptyTuple().reduce().stop().bytes()); // call str
		refused(new PickleWriter().proto(2).global("torch", "FloatStorage").emptyTuple().reduce().stop()
			.bytes()); // storage type is not callable
		refused(new PickleWriter().proto(2).integer(1).op('Q').stop().bytes()); // no persistent loader
		refused(new PickleWriter().proto(2).op('i').bytes()); // INST: unsupported (imports by name)
		refused(new PickleWriter().proto(2).op(0x82, 1).bytes()); // EXT1: unsupported
		refused(new PickleWriter().proto(1).bytes()); // protocol 1
		refused(new PickleWriter().proto(2).mark().integer(1).stop().bytes()); // open mark at STOP
		refused(new PickleWriter().proto(2).global("torch._utils", "_rebuild_tensor_v2").mark()
			.integer(1).tuple().reduce().stop().bytes()); // wrong argument count
		refused(new PickleWriter().proto(2).integer(1).str("x").build().stop().bytes()); // BUILD on int
	}

	@Test
	void everyTruncationOfAValidPickleFailsCleanly() throws CheckpointFormatException {
		final PickleWriter w = new PickleWriter().proto(2).emptyOrderedDict().binput(0).mark().str("a")
			.integer(70000).str("b").floating(1.5).str("c").tupleOfInts(1, 2, 3).setitems().emptyDict()
			.build().stop();
		final byte[] all = w.bytes();
		load(all);
		for (int n = 0; n < all.length; n++) {
			final byte[] cut = java.util.Arrays.copyOf(all, n);
			assertThrows(CheckpointFormatException.class, () -> load(cut), "length " + n);
		}
	}

	@Test
	void randomBytesEndInFormatExceptionsOnly() {
		final Random r = new Random(1);
		for (int i = 0; i < 20_000; i++) {
			final byte[] b = new byte[2 + r.nextInt(64)];
			r.nextBytes(b);
			b[0] = (byte) 0x80;
			b[1] = 2;
			try {
				load(b);
			}
			catch (final CheckpointFormatException expected) {
				// fine
			}
		}
	}
}
