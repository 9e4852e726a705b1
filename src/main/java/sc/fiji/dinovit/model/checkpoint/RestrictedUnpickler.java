package sc.fiji.dinovit.model.checkpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Python pickle reader (protocols 2 to 5) that builds only data and never executes anything.
 * <p>
 * Python values become: str → {@link String}, int → {@link Long} (or {@link BigInteger} when it
 * does not fit), float → {@link Double}, bool → {@link Boolean}, None → {@link PyNone#NONE},
 * bytes → {@code byte[]}, tuple → {@link PyTuple}, list → {@link ArrayList}, dict →
 * {@link PyDict} (a {@link java.util.LinkedHashMap}: insertion order kept), set → {@link PySet}.
 * Globals are resolved when the GLOBAL / STACK_GLOBAL opcode names them, against {@link PickleAllowlist}; any other
 * global ends the read at once with a {@link CheckpointFormatException}. Persistent ids (torch
 * storages) are handed to a {@link PersistentLoader}.
 * <p>
 * Hostile input: the reader is a loop over the bytes (no recursion), every length is checked
 * against the bytes left before anything is allocated, the memo is a hash map (a huge memo index
 * allocates nothing), mark nesting, tuple nesting and the number of values built
 * ({@value #MAX_VALUES}) are bounded, and dicts refuse hash flooding ({@link PyDict}). Every malformed input ends
 * in a {@link CheckpointFormatException} naming the source and the byte offset.
 * <p>
 * Not thread-safe; use one instance per pickle.
 */
final class RestrictedUnpickler {

	/** Resolves a persistent id (BINPERSID) to an object, e.g. a torch storage. */
	@FunctionalInterface
	interface PersistentLoader {
		Object load(Object pid) throws CheckpointFormatException;
	}

	static final int MAX_MARK_DEPTH = 1000;
	static final int MAX_TUPLE_DEPTH = 100;
	/**
	 * Most values a pickle may push: each costs heap (an empty dict about 100 bytes), and a
	 * deflated data.pkl can be a thousand times larger than its compressed bytes.
	 */
	static final int MAX_VALUES = 5_000_000;
	private static final int MAX_GLOBAL_NAME = 1000;

	private final byte[] data;
	private final String source;
	private final PersistentLoader persistentLoader;
	private int pos;
	private int opcodeStart;
	private int pushes;
	private final List<Object> stack = new ArrayList<>();
	private int[] marks = new int[16];
	private int markCount;
	private final Map<Long, Object> memo = new HashMap<>();

	/**
	 * @param data the pickle bytes (reading starts at offset 0 and stops at STOP)
	 * @param source what to name in error messages, e.g. the file and record
	 * @param persistentLoader resolves BINPERSID ids; null refuses them
	 */
	RestrictedUnpickler(final byte[] data, final String source,
		final PersistentLoader persistentLoader)
	{
		this.data = data;
		this.source = source;
		this.persistentLoader = persistentLoader;
	}

	/** Reads up to and including the STOP opcode and returns the pickled object. */
	Object load() throws CheckpointFormatException {
		try {
			return run();
		}
		catch (final CheckpointFormatException e) {
			throw new CheckpointFormatException(source + ": " + e.getMessage() + " (pickle byte " +
				opcodeStart + ")", e.getCause());
		}
		catch (final PyDict.HashFloodException | PyTuple.ComparisonTooCostlyException e) {
			throw new CheckpointFormatException(source + ": " + e.getMessage() + " (pickle byte " +
				opcodeStart + ")", e);
		}
		catch (final RuntimeException | StackOverflowError e) {
			// Safety net: every expected case is checked explicitly above.
			throw new CheckpointFormatException(source + ": malformed pickle near byte " + opcodeStart +
				" (" + e + "); the file is corrupted or not a checkpoint", e);
		}
	}

	/** Offset just after the STOP opcode, once {@link #load()} has returned. */
	int position() {
		return pos;
	}

	private Object run() throws CheckpointFormatException {
		while (true) {
			opcodeStart = pos;
			final int op = u8();
			switch (op) {
				case 0x80: // PROTO
					final int proto = u8();
					if (proto < 2 || proto > 5) throw fail("unsupported pickle protocol " + proto);
					break;
				case 0x95: // FRAME: a length hint only
					final long frame = u64();
					if (frame > remaining()) throw fail("frame of " + frame + " bytes runs past the end");
					break;
				case '.': // STOP
					if (markCount != 0) throw fail("STOP with " + markCount + " open marks");
					return pop();
				case '(': // MARK
					pushMark();
					break;
				case '0': // POP
					pop();
					break;
				case '1': // POP_MARK
					popMark();
					break;
				case '2': // DUP
					push(peek());
					break;
				case ')': // EMPTY_TUPLE
					push(PyTuple.EMPTY);
					break;
				case 0x85: // TUPLE1
				case 0x86: // TUPLE2
				case 0x87: // TUPLE3
					pushTuple(popN(op - 0x84));
					break;
				case 't': // TUPLE
					pushTuple(popMark());
					break;
				case ']': // EMPTY_LIST
					push(new ArrayList<>());
					break;
				case 'l': // LIST
					push(new ArrayList<>(Arrays.asList(popMark())));
					break;
				case '}': // EMPTY_DICT
					push(new PyDict());
					break;
				case 'd': { // DICT
					final Map<Object, Object> map = new PyDict();
					putAll(map, popMark());
					push(map);
					break;
				}
				case 0x8f: // EMPTY_SET
					push(new PySet());
					break;
				case 0x91: { // FROZENSET
					final Set<Object> set = new PySet();
					for (final Object o : popMark())
						set.add(PickleAllowlist.hashable(o));
					push(set);
					break;
				}
				case 0x90: { // ADDITEMS
					final Object[] items = popMark();
					final Set<Object> set = this.<Set<Object>>top(Set.class, "ADDITEMS target");
					for (final Object o : items)
						set.add(PickleAllowlist.hashable(o));
					break;
				}
				case 'a': { // APPEND
					final Object v = pop();
					this.<List<Object>>top(List.class, "APPEND target").add(v);
					break;
				}
				case 'e': { // APPENDS
					final Object[] items = popMark();
					this.<List<Object>>top(List.class, "APPENDS target").addAll(Arrays.asList(items));
					break;
				}
				case 's': { // SETITEM
					final Object v = pop();
					final Object k = pop();
					this.<Map<Object, Object>>top(Map.class, "SETITEM target").put(PickleAllowlist.hashable(k), v);
					break;
				}
				case 'u': { // SETITEMS
					final Object[] items = popMark();
					putAll(this.<Map<Object, Object>>top(Map.class, "SETITEMS target"), items);
					break;
				}
				case 'N':
					push(PyNone.NONE);
					break;
				case 0x88:
					push(Boolean.TRUE);
					break;
				case 0x89:
					push(Boolean.FALSE);
					break;
				case 'J': // BININT
					push((long) i32());
					break;
				case 'K': // BININT1
					push((long) u8());
					break;
				case 'M': // BININT2
					push((long) (u8() | u8() << 8));
					break;
				case 0x8a: // LONG1
					push(littleEndianInt(u8()));
					break;
				case 0x8b: { // LONG4
					final int n = i32();
					if (n < 0) throw fail("negative LONG4 length");
					push(littleEndianInt(n));
					break;
				}
				case 'G': // BINFLOAT, big-endian
					push(Double.longBitsToDouble(Long.reverseBytes(i64())));
					break;
				case 'X': // BINUNICODE
					push(utf8(u32()));
					break;
				case 0x8c: // SHORT_BINUNICODE
					push(utf8(u8()));
					break;
				case 0x8d: // BINUNICODE8
					push(utf8(u64()));
					break;
				case 'T': { // BINSTRING (Python 2 str), decoded as Latin-1
					final int n = i32();
					if (n < 0) throw fail("negative BINSTRING length");
					push(new String(bytes(n), StandardCharsets.ISO_8859_1));
					break;
				}
				case 'U': // SHORT_BINSTRING
					push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
					break;
				case 'B': // BINBYTES
					push(bytes(u32()));
					break;
				case 'C': // SHORT_BINBYTES
					push(bytes(u8()));
					break;
				case 0x8e: // BINBYTES8
					push(bytes(u64()));
					break;
				case 'q': // BINPUT
					memo.put((long) u8(), peek());
					break;
				case 'r': // LONG_BINPUT
					memo.put(u32(), peek());
					break;
				case 0x94: // MEMOIZE
					memo.put((long) memo.size(), peek());
					break;
				case 'h': // BINGET
					push(memoGet(u8()));
					break;
				case 'j': // LONG_BINGET
					push(memoGet(u32()));
					break;
				case 'c': { // GLOBAL: resolved here, before anything can use it
					final String module = line();
					final String name = line();
					push(PickleAllowlist.resolve(module, name));
					break;
				}
				case 0x93: { // STACK_GLOBAL
					final Object name = pop();
					final Object module = pop();
					if (!(module instanceof String) || !(name instanceof String)) throw fail(
						"STACK_GLOBAL needs two strings");
					push(PickleAllowlist.resolve((String) module, (String) name));
					break;
				}
				case 'R': { // REDUCE
					final PyTuple args = pop(PyTuple.class, "REDUCE arguments");
					push(pop(PickleGlobal.class, "REDUCE callable").call(args));
					break;
				}
				case 0x81: { // NEWOBJ
					final PyTuple args = pop(PyTuple.class, "NEWOBJ arguments");
					push(pop(PickleGlobal.class, "NEWOBJ class").call(args));
					break;
				}
				case 0x92: { // NEWOBJ_EX
					final Map<?, ?> kwargs = pop(Map.class, "NEWOBJ_EX keyword arguments");
					final PyTuple args = pop(PyTuple.class, "NEWOBJ_EX arguments");
					final PickleGlobal cls = pop(PickleGlobal.class, "NEWOBJ_EX class");
					if (!kwargs.isEmpty()) throw fail("NEWOBJ_EX with keyword arguments for " + cls);
					push(cls.call(args));
					break;
				}
				case 'b': // BUILD
					build(pop());
					break;
				case 'Q': { // BINPERSID
					final Object pid = pop();
					if (persistentLoader == null) throw fail("persistent ids are not allowed here");
					push(persistentLoader.load(pid));
					break;
				}
				default:
					throw fail(String.format("unsupported pickle opcode 0x%02x; the file is corrupted " +
						"or was not written by torch.save", op));
			}
		}
	}

	/** BUILD: set the state of the object on top of the stack. */
	private void build(final Object state) throws CheckpointFormatException {
		final Object target = peek();
		if (target instanceof PyStub) ((PyStub) target).setState(state);
		else if (target instanceof Map || target instanceof TorchTensorRef) {
			// Attributes such as an OrderedDict's _metadata, or a tensor's Python attributes:
			// not part of the weights, ignored.
		}
		else throw fail("BUILD on a " + typeName(target));
	}

	private void putAll(final Map<Object, Object> map, final Object[] kv)
		throws CheckpointFormatException
	{
		if (kv.length % 2 != 0) throw fail("odd number of items for a dict");
		for (int i = 0; i < kv.length; i += 2)
			map.put(PickleAllowlist.hashable(kv[i]), kv[i + 1]);
	}

	private void pushTuple(final Object[] items) throws CheckpointFormatException {
		final PyTuple t = new PyTuple(items);
		if (t.depth() > MAX_TUPLE_DEPTH) throw fail("tuples nested deeper than " + MAX_TUPLE_DEPTH);
		push(t);
	}

	private Object memoGet(final long index) throws CheckpointFormatException {
		final Object o = memo.get(index);
		if (o == null) throw fail("memo entry " + index + " read before it was written");
		return o;
	}

	// -- stack --

	private void push(final Object o) throws CheckpointFormatException {
		if (++pushes > MAX_VALUES) throw fail("the pickle builds more than " + MAX_VALUES +
			" values, far more than any state dict needs (a few per tensor); the file is corrupted " +
			"or hostile");
		stack.add(o);
	}

	private int stackBase() {
		return markCount == 0 ? 0 : marks[markCount - 1];
	}

	private Object pop() throws CheckpointFormatException {
		if (stack.size() <= stackBase()) throw fail("stack underflow");
		return stack.remove(stack.size() - 1);
	}

	private Object peek() throws CheckpointFormatException {
		if (stack.size() <= stackBase()) throw fail("stack underflow");
		return stack.get(stack.size() - 1);
	}

	private <T> T pop(final Class<T> type, final String what) throws CheckpointFormatException {
		final Object o = pop();
		if (!type.isInstance(o)) throw fail(what + " is a " + typeName(o));
		return type.cast(o);
	}

	@SuppressWarnings("unchecked")
	private <T> T top(final Class<?> type, final String what) throws CheckpointFormatException {
		final Object o = peek();
		if (!type.isInstance(o)) throw fail(what + " is a " + typeName(o));
		return (T) o;
	}

	private Object[] popN(final int n) throws CheckpointFormatException {
		if (stack.size() - stackBase() < n) throw fail("stack underflow");
		final List<Object> tail = stack.subList(stack.size() - n, stack.size());
		final Object[] items = tail.toArray();
		tail.clear();
		return items;
	}

	private void pushMark() throws CheckpointFormatException {
		if (markCount == MAX_MARK_DEPTH) throw fail("more than " + MAX_MARK_DEPTH + " nested marks");
		if (markCount == marks.length) marks = Arrays.copyOf(marks, marks.length * 2);
		marks[markCount++] = stack.size();
	}

	private Object[] popMark() throws CheckpointFormatException {
		if (markCount == 0) throw fail("no MARK to pop to");
		final int base = marks[--markCount];
		final List<Object> tail = stack.subList(base, stack.size());
		final Object[] items = tail.toArray();
		tail.clear();
		return items;
	}

	// -- bytes --

	private long remaining() {
		return data.length - (long) pos;
	}

	private void need(final long n) throws CheckpointFormatException {
		if (n < 0 || n > remaining()) throw fail("needs " + Long.toUnsignedString(n) +
			" bytes but only " + remaining() + " are left; the file is truncated or corrupted");
	}

	private int u8() throws CheckpointFormatException {
		need(1);
		return data[pos++] & 0xff;
	}

	private int i32() throws CheckpointFormatException {
		need(4);
		final int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 |
			(data[pos + 3] & 0xff) << 24;
		pos += 4;
		return v;
	}

	private long u32() throws CheckpointFormatException {
		return i32() & 0xffffffffL;
	}

	private long i64() throws CheckpointFormatException {
		final long lo = u32();
		return lo | (long) i32() << 32;
	}

	/** An unsigned 64-bit length; values above Long.MAX_VALUE come back negative and fail need(). */
	private long u64() throws CheckpointFormatException {
		return i64();
	}

	private byte[] bytes(final long n) throws CheckpointFormatException {
		need(n);
		final byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
		pos += (int) n;
		return b;
	}

	private String utf8(final long n) throws CheckpointFormatException {
		need(n);
		final String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
		pos += (int) n;
		return s;
	}

	/** A newline-terminated ASCII line (GLOBAL operands). */
	private String line() throws CheckpointFormatException {
		final int start = pos;
		while (pos < data.length && data[pos] != '\n') {
			if (pos - start >= MAX_GLOBAL_NAME) throw fail("GLOBAL name longer than " +
				MAX_GLOBAL_NAME + " bytes");
			pos++;
		}
		if (pos >= data.length) throw fail("unterminated GLOBAL name; the file is truncated");
		return new String(data, start, pos++ - start, StandardCharsets.UTF_8);
	}

	/** Two's complement little-endian integer of n bytes (LONG1 / LONG4). */
	private Object littleEndianInt(final int n) throws CheckpointFormatException {
		if (n == 0) return 0L;
		final byte[] le = bytes(n);
		final byte[] be = new byte[n];
		for (int i = 0; i < n; i++)
			be[i] = le[n - 1 - i];
		final BigInteger v = new BigInteger(be);
		return v.bitLength() < 64 ? (Object) v.longValue() : v;
	}

	private CheckpointFormatException fail(final String message) {
		return new CheckpointFormatException(message);
	}

	/** A short, safe description of a value's type for messages (never walks the value). */
	static String typeName(final Object o) {
		if (o == null) return "null";
		if (o == PyNone.NONE) return "None";
		if (o instanceof String) return "str";
		if (o instanceof Long || o instanceof BigInteger) return "int";
		if (o instanceof Double) return "float";
		if (o instanceof Boolean) return "bool";
		if (o instanceof byte[]) return "bytes";
		if (o instanceof PyTuple) return "tuple";
		if (o instanceof List) return "list";
		if (o instanceof Map) return "dict";
		if (o instanceof Set) return "set";
		if (o instanceof TorchTensorRef) return "tensor";
		if (o instanceof TorchStorageRef) return "storage";
		if (o instanceof PickleGlobal) return "global " + o;
		if (o instanceof PyStub) return ((PyStub) o).className();
		return o.getClass().getSimpleName();
	}
}
