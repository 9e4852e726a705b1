package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import sc.fiji.dinovit.testutil.Fixtures;

/**
 * The fuzzer's starting files: small synthetic checkpoints that exercise every reader path
 * (nested teacher dict, parameters, strided views, deflate, ZIP64, big-endian, protocol 4 with
 * untyped storages, safetensors of several dtypes) and the committed model fixtures.
 */
final class FuzzSeeds {

	private FuzzSeeds() {}

	/**
	 * @param allFixtures every file under {@code fixtures/models}, else one torch zip, one
	 *          training checkpoint and two safetensors files (to keep the unit test short)
	 */
	static List<FuzzSeed> corpus(final Path dir, final boolean allFixtures) throws IOException {
		final List<FuzzSeed> seeds = new ArrayList<>(synthetic(dir));
		final Path models = Fixtures.path("models");
		final List<Path> files;
		try (Stream<Path> s = Files.walk(models)) {
			files = s.filter(Files::isRegularFile).sorted().toList();
		}
		for (final Path f : files) {
			final String name = models.relativize(f).toString();
			if (allFixtures || name.equals("v1_p8/official.pth") || name.equals("v1_p8/full_checkpoint.pth") ||
				name.equals("v1_p8/official_f16.safetensors") || name.equals("v2reg_p14/hf.safetensors"))
				seeds.add(FuzzSeed.of(name, f));
		}
		return seeds;
	}

	static List<FuzzSeed> synthetic(final Path dir) throws IOException {
		final List<FuzzSeed> seeds = new ArrayList<>();

		// {'teacher': OrderedDict{module.backbone.a: Parameter(2x3), module.backbone.t: transposed
		// view, module.backbone.s: strided slice}, 'epoch': 3}
		final PickleWriter p = new PickleWriter().proto(2).emptyDict().mark().str("teacher")
			.emptyOrderedDict().mark();
		p.str("module.backbone.a").beginParameter().tensor("FloatStorage", "0", 2, 3).endParameter();
		p.str("module.backbone.t").tensor("FloatStorage", "0", 6, 0, new long[] { 3, 2 }, new long[] {
			1, 3 });
		p.str("module.backbone.s").tensor("FloatStorage", "1", 4, 1, new long[] { 2 }, new long[] { 2 });
		p.str("module.backbone.r").tensor("FloatStorage", "1", 4, 3, new long[] { 4 }, new long[] { 0 });
		p.setitems().str("epoch").integer(3).setitems().stop();
		seeds.add(write(dir, "syn_teacher.pth", TorchZipWriter.torchArchive("syn_teacher", p.bytes())
			.floats("0", 0, 1, 2, 3, 4, 5).floats("1", 6, 7, 8, 9)));

		// deflated pickle and storage, ZIP64 records
		final PickleWriter q = new PickleWriter().proto(2).emptyOrderedDict().mark();
		q.str("w").tensor("FloatStorage", "0", 4).str("b").tensor("HalfStorage", "1", 2);
		q.setitems().stop();
		final ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort(
			(short) 0x3c00).putShort((short) 0xc000);
		seeds.add(write(dir, "syn_deflate64.pth", new TorchZipWriter("z").addDeflated("data.pkl", q
			.bytes()).addDeflated("data/0", floats(1, 2, 3, 4)).add("data/1", half.array()).zip64(true)));
		// a deflated record of incompressible data, so that its size field can claim a lot
		final float[] noise = new float[16384];
		final java.util.Random random = new java.util.Random(3);
		for (int i = 0; i < noise.length; i++)
			noise[i] = random.nextFloat();
		final PickleWriter d = new PickleWriter().proto(2).emptyDict().str("noise").tensor("FloatStorage",
			"0", noise.length).setitem().stop();
		seeds.add(write(dir, "syn_deflated_noise.pth", new TorchZipWriter("n").add("data.pkl", d.bytes())
			.addDeflated("data/0", floats(noise))));

		// big-endian
		final PickleWriter be = new PickleWriter().proto(2).emptyDict().str("w").tensor("DoubleStorage",
			"0", 2).setitem().stop();
		seeds.add(write(dir, "syn_bigendian.pth", new TorchZipWriter("be").add("data.pkl", be.bytes())
			.add("byteorder", "big".getBytes(StandardCharsets.US_ASCII)).add("data/0", ByteBuffer
				.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(1.25).putDouble(-7).array())));

		// protocol 4: FRAME, MEMOIZE, STACK_GLOBAL, _rebuild_tensor_v3 on an UntypedStorage
		final PickleWriter p4 = new PickleWriter().proto(4).op(0x95, 0, 0, 0, 0, 0, 0, 0, 0).emptyDict()
			.op(0x94).shortStr("w").op(0x94);
		p4.stackGlobal("torch._utils", "_rebuild_tensor_v3").op(0x94).mark();
		p4.mark().shortStr("storage").stackGlobal("torch", "UntypedStorage").shortStr("0").shortStr(
			"cpu").integer(8).tuple().op('Q');
		p4.integer(0).tupleOfInts(2).tupleOfInts(1).bool(false).emptyOrderedDict().stackGlobal("torch",
			"float32").tuple().reduce().setitem().stop();
		seeds.add(write(dir, "syn_proto4.pth", TorchZipWriter.torchArchive("p4", p4.bytes()).floats("0",
			3, 4)));

		final Path st = dir.resolve("syn.safetensors");
		new SafetensorsWriter().floats("cls_token", new long[] { 1, 1, 2 }, 1, -2).add("h", "F16",
			new long[] { 2 }, half.array()).add("position_ids", "I64", new long[] { 1, 2 }, ByteBuffer
				.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).array()).floats(
					"backbone.norm.weight", new long[] { 3 }, 1, 2, 3).write(st);
		seeds.add(FuzzSeed.of("syn.safetensors", st));
		return seeds;
	}

	private static byte[] floats(final float... values) {
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values)
			b.putFloat(v);
		return b.array();
	}

	private static FuzzSeed write(final Path dir, final String name, final TorchZipWriter w)
		throws IOException
	{
		final Path f = dir.resolve(name);
		w.write(f);
		return FuzzSeed.of(name, f);
	}
}
