package sc.fiji.dinovit.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pickle-aware fuzzer mutations of a torch {@code data.pkl}: integer operands (storage sizes,
 * offsets, shapes, strides) set to huge or negative values, strings and globals swapped (wrong
 * storage types and dtypes, code-running globals, odd storage keys), opcodes dropped or
 * repeated, and hostile structures spliced in: 100k-deep lists and tuples, huge MARK stacks,
 * a tuple DAG whose naive comparison is exponential.
 */
final class PickleMutations {

	private PickleMutations() {}

	/** One opcode with its operands: bytes {@code [start, end)}. */
	record Op(int op, int start, int end) {}

	/** The opcodes of a pickle, up to STOP or the first opcode this scanner does not know. */
	static List<Op> scan(final byte[] p) {
		final List<Op> ops = new ArrayList<>();
		int i = 0;
		while (i < p.length) {
			final int op = p[i] & 0xff;
			int len;
			switch (op) {
				case 0x80: case 'q': case 'h': case 'K': len = 1; break;
				case 'M': len = 2; break;
				case 'J': case 'r': case 'j': len = 4; break;
				case 'G': case 0x95: len = 8; break;
				case 'U': case 'C': case 0x8c: case 0x8a:
					len = i + 1 < p.length ? 1 + (p[i + 1] & 0xff) : 1;
					break;
				case 'X': case 'T': case 'B': case 0x8b:
					len = i + 4 < p.length ? 4 + (int) Math.min(ByteMutations.getLE(p, i + 1, 4), p.length)
						: 4;
					break;
				case 'c': {
					int k = i + 1;
					for (int lines = 0; lines < 2 && k < p.length; k++)
						if (p[k] == '\n') lines++;
					len = k - i - 1;
					break;
				}
				default:
					len = "})](tlduasRb.N01258\u0085\u0086\u0087\u0088\u0089\u0081Q\u0093\u0094\u008f\u0090\u0091\u0092"
						.indexOf(op) >= 0 ? 0 : -1;
			}
			if (len < 0 || i + 1 + len > p.length) break;
			ops.add(new Op(op, i, i + 1 + len));
			i += 1 + len;
			if (op == '.') break;
		}
		return ops;
	}

	/** Strings that a hostile or broken pickle might put where torch writes its own. */
	private static final String[] STRINGS = { "", "0", "1", "99", "../0", "/etc/passwd", "cpu",
		"cuda:0", "storage", "teacher", "module.x", "\0", "x".repeat(300), "blocks.0.attn.qkv.weight" };

	/** Globals, allowlisted or not: wrong types must be refused by arity/type checks, code by name. */
	private static final String[][] GLOBALS = { { "os", "system" }, { "builtins", "eval" },
		{ "subprocess", "Popen" }, { "builtins", "getattr" }, { "torch", "HalfStorage" },
		{ "torch", "BFloat16Storage" }, { "torch", "LongStorage" }, { "torch", "BoolStorage" },
		{ "torch", "UntypedStorage" }, { "torch", "float16" }, { "torch", "int64" },
		{ "torch._utils", "_rebuild_tensor_v3" }, { "torch._utils", "_rebuild_parameter" },
		{ "torch", "Size" }, { "collections", "OrderedDict" }, { "builtins", "set" },
		{ "argparse", "Namespace" }, { "_codecs", "encode" }, { "torch", "Tensor" } };

	static byte[] mutate(final byte[] p, final Random r, final StringBuilder log) {
		final List<Op> ops = scan(p);
		if (ops.size() < 3) return p.clone();
		final Op op = ops.get(1 + r.nextInt(ops.size() - 2));
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(p, 0, op.start);
		switch (r.nextInt(9)) {
			case 0:
			case 1: { // an integer operand
				final Op target = pick(ops, r, "KMJ\u008a");
				if (target == null) return p.clone();
				out.reset();
				out.write(p, 0, target.start);
				final long v = ByteMutations.interesting(r, p.length);
				log.append("pickle int at ").append(target.start).append(" = ").append(v).append("; ");
				writeInt(out, v);
				out.write(p, target.end, p.length - target.end);
				return out.toByteArray();
			}
			case 2: { // a string operand
				final Op target = pick(ops, r, "X\u008cUT");
				if (target == null) return p.clone();
				out.reset();
				out.write(p, 0, target.start);
				final String s = STRINGS[r.nextInt(STRINGS.length)];
				log.append("pickle string at ").append(target.start).append(" = '").append(PickleAllowlist
					.printable(s)).append("'; ");
				writeString(out, s);
				out.write(p, target.end, p.length - target.end);
				return out.toByteArray();
			}
			case 3: { // a global
				final Op target = pick(ops, r, "c");
				if (target == null) return p.clone();
				out.reset();
				out.write(p, 0, target.start);
				final String[] g = GLOBALS[r.nextInt(GLOBALS.length)];
				log.append("pickle global at ").append(target.start).append(" = ").append(g[0]).append('.')
					.append(g[1]).append("; ");
				final byte[] b = ("c" + g[0] + "\n" + g[1] + "\n").getBytes(StandardCharsets.US_ASCII);
				out.write(b, 0, b.length);
				out.write(p, target.end, p.length - target.end);
				return out.toByteArray();
			}
			case 4: // drop an opcode
				log.append("pickle drop op ").append((char) op.op).append(" at ").append(op.start).append(
					"; ");
				out.write(p, op.end, p.length - op.end);
				return out.toByteArray();
			case 5: // repeat an opcode
				log.append("pickle repeat op ").append((char) op.op).append(" at ").append(op.start).append(
					"; ");
				for (int k = 0; k < 1 + r.nextInt(3); k++)
					out.write(p, op.start, op.end - op.start);
				out.write(p, op.start, p.length - op.start);
				return out.toByteArray();
			default: { // splice a hostile structure in front of an opcode; it leaves the stack as it was
				final byte[] hostile = hostile(r, log);
				out.write(hostile, 0, hostile.length);
				out.write(p, op.start, p.length - op.start);
				return out.toByteArray();
			}
		}
	}

	/** A stack-neutral hostile structure (or one that must be refused). */
	static byte[] hostile(final Random r, final StringBuilder log) {
		final int n = r.nextBoolean() ? 100_000 : 1 + r.nextInt(2000);
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		switch (r.nextInt(6)) {
			case 0: // n-deep nested lists, then popped
				log.append("splice ").append(n).append("-deep list; ");
				for (int i = 0; i < n; i++)
					b.write(']');
				for (int i = 1; i < n; i++)
					b.write('a');
				b.write('0');
				break;
			case 1: // n-deep nested tuples
				log.append("splice ").append(n).append("-deep tuple; ");
				b.write('N');
				for (int i = 0; i < n; i++)
					b.write(0x85);
				b.write('0');
				break;
			case 2: // n open marks
				log.append("splice ").append(n).append(" marks; ");
				for (int i = 0; i < n; i++)
					b.write('(');
				for (int i = 0; i < n; i++)
					b.write('1');
				break;
			case 3: // n-deep nested dicts {'teacher': {'teacher': ...}}
				log.append("splice ").append(n).append("-deep dict; ");
				for (int i = 0; i < n; i++) {
					b.write('}');
					writeString(b, "teacher");
				}
				b.write('}');
				for (int i = 0; i < n; i++)
					b.write('s');
				b.write('0');
				break;
			case 4: { // two equal but distinct tuple DAGs of depth d used as dict keys
				final int d = 20 + r.nextInt(60);
				log.append("splice tuple DAGs of depth ").append(d).append(" as dict keys; ");
				b.write('}');
				for (int copy = 0; copy < 2; copy++) {
					b.write('K');
					b.write(1);
					for (int i = 0; i < d && i < 95; i++) {
						b.write('2');
						b.write(0x86);
					}
					b.write('N');
					b.write('s');
				}
				b.write('0');
				break;
			}
			default: // n-element list of the same memoised object, then popped
				log.append("splice ").append(n).append(" DUPs; ");
				b.write('N');
				for (int i = 0; i < n; i++)
					b.write('2');
				for (int i = 0; i <= n; i++)
					b.write('0');
		}
		return b.toByteArray();
	}

	private static Op pick(final List<Op> ops, final Random r, final String opcodes) {
		final List<Op> c = new ArrayList<>();
		for (final Op o : ops)
			if (opcodes.indexOf(o.op) >= 0) c.add(o);
		return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
	}

	static void writeInt(final ByteArrayOutputStream out, final long v) {
		if (v >= 0 && v < 256) {
			out.write('K');
			out.write((int) v);
		}
		else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
			out.write('J');
			for (int i = 0; i < 4; i++)
				out.write((int) (v >>> (8 * i)));
		}
		else {
			out.write(0x8a);
			out.write(8);
			for (int i = 0; i < 8; i++)
				out.write((int) (v >>> (8 * i)));
		}
	}

	static void writeString(final ByteArrayOutputStream out, final String s) {
		final byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.write('X');
		for (int i = 0; i < 4; i++)
			out.write(b.length >>> (8 * i));
		out.write(b, 0, b.length);
	}
}
