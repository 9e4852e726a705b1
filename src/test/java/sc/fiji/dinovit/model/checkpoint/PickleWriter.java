package sc.fiji.dinovit.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: assembles pickle bytes opcode by opcode, like Python's pickler would. */
final class PickleWriter {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	PickleWriter op(final int... bytes) {
		for (final int b : bytes)
			out.write(b);
		return this;
	}

	private PickleWriter le(final long v, final int n) {
		for (int i = 0; i < n; i++)
			out.write((int) (v >>> (8 * i)));
		return this;
	}

	private PickleWriter raw(final byte[] b) {
		out.write(b, 0, b.length);
		return this;
	}

	PickleWriter proto(final int p) {
		return op(0x80, p);
	}

	PickleWriter mark() {
		return op('(');
	}

	PickleWriter stop() {
		return op('.');
	}

	PickleWriter global(final String module, final String name) {
		return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
	}

	/** Protocol 4 style: two short strings then STACK_GLOBAL. */
	PickleWriter stackGlobal(final String module, final String name) {
		return shortStr(module).shortStr(name).op(0x93);
	}

	/** BINUNICODE. */
	PickleWriter str(final String s) {
		final byte[] b = s.getBytes(StandardCharsets.UTF_8);
		return op('X').le(b.length, 4).raw(b);
	}

	/** SHORT_BINUNICODE. */
	PickleWriter shortStr(final String s) {
		final byte[] b = s.getBytes(StandardCharsets.UTF_8);
		return op(0x8c, b.length).raw(b);
	}

	/** The smallest int opcode Python would use. */
	PickleWriter integer(final long v) {
		if (v >= 0 && v < 256) return op('K', (int) v);
		if (v >= 0 && v < 65536) return op('M').le(v, 2);
		if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return op('J').le(v, 4);
		return op(0x8a, 8).le(v, 8);
	}

	PickleWriter floating(final double v) {
		return op('G').le(Long.reverseBytes(Double.doubleToLongBits(v)), 8);
	}

	PickleWriter bool(final boolean b) {
		return op(b ? 0x88 : 0x89);
	}

	PickleWriter none() {
		return op('N');
	}

	PickleWriter emptyTuple() {
		return op(')');
	}

	PickleWriter emptyDict() {
		return op('}');
	}

	PickleWriter emptyList() {
		return op(']');
	}

	/** MARK already written; TUPLE. */
	PickleWriter tuple() {
		return op('t');
	}

	PickleWriter tupleOfInts(final long... values) {
		if (values.length == 0) return emptyTuple();
		mark();
		for (final long v : values)
			integer(v);
		return tuple();
	}

	PickleWriter setitem() {
		return op('s');
	}

	PickleWriter setitems() {
		return op('u');
	}

	PickleWriter reduce() {
		return op('R');
	}

	PickleWriter build() {
		return op('b');
	}

	PickleWriter newobj() {
		return op(0x81);
	}

	PickleWriter binput(final int i) {
		return op('q', i);
	}

	PickleWriter binget(final int i) {
		return op('h', i);
	}

	PickleWriter emptyOrderedDict() {
		return global("collections", "OrderedDict").emptyTuple().reduce();
	}

	/** {@code ('storage', torch.<type>, key, 'cpu', numel)} + BINPERSID. */
	PickleWriter storage(final String storageType, final String key, final long numel) {
		return mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel)
			.tuple().op('Q');
	}

	/** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
	PickleWriter tensor(final String storageType, final String key, final long storageNumel,
		final long offset, final long[] shape, final long[] stride)
	{
		global("torch._utils", "_rebuild_tensor_v2").mark();
		storage(storageType, key, storageNumel).integer(offset).tupleOfInts(shape).tupleOfInts(stride)
			.bool(false).emptyOrderedDict();
		return tuple().reduce();
	}

	/** A contiguous tensor over a whole storage. */
	PickleWriter tensor(final String storageType, final String key, final long... shape) {
		long n = 1;
		final long[] stride = new long[shape.length];
		for (int i = shape.length - 1; i >= 0; i--) {
			stride[i] = n;
			n *= shape[i];
		}
		return tensor(storageType, key, n, 0, shape, stride);
	}

	/** Wraps the tensor the caller writes next as an nn.Parameter: call before, then {@link #endParameter}. */
	PickleWriter beginParameter() {
		return global("torch._utils", "_rebuild_parameter").mark();
	}

	PickleWriter endParameter() {
		return bool(true).emptyOrderedDict().tuple().reduce();
	}

	byte[] bytes() {
		return out.toByteArray();
	}

	int size() {
		return out.size();
	}
}
