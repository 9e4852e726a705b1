package sc.fiji.dinovit.model.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only Python globals a checkpoint pickle may name, each mapped to an inert Java handler.
 * <p>
 * Everything here is data: containers ({@code collections.OrderedDict}, {@code set}), torch's
 * tensor and storage rebuild functions (which only describe a strided view of stored bytes),
 * storage types and dtypes, and placeholders for plain-data objects that full training
 * checkpoints carry ({@code argparse.Namespace} for DINO's {@code args}; NumPy scalars and dtypes,
 * and {@code _codecs.encode} that Python uses to pickle their bytes). Any other name, in
 * particular anything that can run code or reach attributes ({@code os.system},
 * {@code builtins.eval}, {@code builtins.getattr}, {@code subprocess.Popen}, a pickled
 * {@code nn.Module} class) is refused when the pickle names it, before anything is built.
 */
final class PickleAllowlist {

	private static final Map<String, PickleGlobal> GLOBALS = build();

	private PickleAllowlist() {}

	/**
	 * @return the handler for {@code module.name}
	 * @throws CheckpointFormatException naming the global, when it is not allowlisted
	 */
	static PickleGlobal resolve(final String module, final String name)
		throws CheckpointFormatException
	{
		final String qualified = module + "." + name;
		final PickleGlobal g = GLOBALS.get(qualified);
		if (g != null) return g;
		throw new CheckpointFormatException("the pickle names the Python global '" +
			printable(qualified) + "', which is not one of the tensor, storage or container types " +
			"a state dict needs. Pickles can make Python run arbitrary code when loaded, so files " +
			"naming other globals are refused (nothing was executed). If you trust the file, load it " +
			"in Python and re-save only the weights: torch.save(model.state_dict(), 'weights.pth'), " +
			"or convert it to .safetensors");
	}

	/** Names of all allowlisted globals (for documentation and tests). */
	static Set<String> names() {
		return Collections.unmodifiableSet(GLOBALS.keySet());
	}

	private static Map<String, PickleGlobal> build() {
		final Map<String, PickleGlobal> m = new LinkedHashMap<>();
		callable(m, "collections.OrderedDict", PickleAllowlist::newDict);
		for (final String b : List.of("builtins", "__builtin__")) {
			callable(m, b + ".set", PickleAllowlist::newSet);
			callable(m, b + ".frozenset", PickleAllowlist::newSet);
		}
		callable(m, "torch._utils._rebuild_tensor_v2", TorchRebuild::tensorV2);
		callable(m, "torch._utils._rebuild_tensor_v3", TorchRebuild::tensorV3);
		callable(m, "torch._utils._rebuild_parameter", TorchRebuild::parameter);
		callable(m, "torch._utils._rebuild_parameter_with_state", TorchRebuild::parameter);
		callable(m, "torch._tensor._rebuild_from_type_v2", TorchRebuild::fromTypeV2);
		callable(m, "torch.Size", TorchRebuild::size);
		for (final String t : List.of("torch.Tensor", "torch._tensor.Tensor",
			"torch.nn.parameter.Parameter"))
			m.put(t, PickleGlobal.typeReference(t));

		storage(m, "Float", DType.F32);
		storage(m, "Half", DType.F16);
		storage(m, "BFloat16", DType.BF16);
		storage(m, "Double", DType.F64);
		storage(m, "Long", DType.I64);
		storage(m, "Int", DType.I32);
		storage(m, "Short", DType.I16);
		storage(m, "Char", DType.I8);
		storage(m, "Byte", DType.U8);
		storage(m, "Bool", DType.BOOL);
		for (final String u : List.of("torch.UntypedStorage", "torch.storage.UntypedStorage"))
			m.put(u, PickleGlobal.untypedStorage(u));

		dtype(m, DType.F32, "float32", "float");
		dtype(m, DType.F16, "float16", "half");
		dtype(m, DType.BF16, "bfloat16");
		dtype(m, DType.F64, "float64", "double");
		dtype(m, DType.I64, "int64", "long");
		dtype(m, DType.I32, "int32", "int");
		dtype(m, DType.I16, "int16", "short");
		dtype(m, DType.I8, "int8");
		dtype(m, DType.U8, "uint8");
		dtype(m, DType.BOOL, "bool");

		stub(m, "argparse.Namespace");
		stub(m, "numpy.dtype");
		stub(m, "numpy.core.multiarray.scalar");
		stub(m, "numpy._core.multiarray.scalar");
		callable(m, "_codecs.encode", PickleAllowlist::codecsEncode);
		return m;
	}

	private static void callable(final Map<String, PickleGlobal> m, final String name,
		final PickleGlobal.Handler h)
	{
		m.put(name, PickleGlobal.callable(name, h));
	}

	private static void storage(final Map<String, PickleGlobal> m, final String kind,
		final DType dtype)
	{
		final String name = "torch." + kind + "Storage";
		m.put(name, PickleGlobal.storageType(name, dtype));
	}

	private static void dtype(final Map<String, PickleGlobal> m, final DType dtype,
		final String... names)
	{
		for (final String n : names)
			m.put("torch." + n, PickleGlobal.torchDType("torch." + n, dtype));
	}

	private static void stub(final Map<String, PickleGlobal> m, final String name) {
		m.put(name, PickleGlobal.callable(name, args -> new PyStub(name, args)));
	}

	/** {@code OrderedDict()} or {@code OrderedDict([(k, v), ...])}. */
	private static Object newDict(final PyTuple args) throws CheckpointFormatException {
		final Map<Object, Object> map = new PyDict();
		if (args.size() == 0) return map;
		if (args.size() != 1) throw new CheckpointFormatException("OrderedDict called with " +
			args.size() + " arguments");
		for (final Object pair : iterable(args.get(0), "OrderedDict argument")) {
			final List<Object> kv = pair instanceof PyTuple ? ((PyTuple) pair).items() : pair instanceof List
				? castList(pair) : null;
			if (kv == null || kv.size() != 2) throw new CheckpointFormatException(
				"OrderedDict item is not a (key, value) pair");
			map.put(hashable(kv.get(0)), kv.get(1));
		}
		return map;
	}

	private static Object newSet(final PyTuple args) throws CheckpointFormatException {
		final Set<Object> set = new PySet();
		if (args.size() == 0) return set;
		if (args.size() != 1) throw new CheckpointFormatException("set called with " + args.size() +
			" arguments");
		for (final Object o : iterable(args.get(0), "set argument"))
			set.add(hashable(o));
		return set;
	}

	/** {@code _codecs.encode(text, 'latin1')} is how protocol-2 pickles store bytes. */
	private static Object codecsEncode(final PyTuple args) throws CheckpointFormatException {
		if (args.size() == 2 && args.get(0) instanceof String && args.get(1) instanceof String) {
			final String enc = ((String) args.get(1)).toLowerCase().replace('_', '-');
			if (enc.equals("latin1") || enc.equals("latin-1") || enc.equals("iso-8859-1"))
				return ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
		}
		return new PyStub("_codecs.encode", args);
	}

	static Object hashable(final Object key) throws CheckpointFormatException {
		if (!PyTuple.isHashable(key)) throw new CheckpointFormatException(
			"unhashable dict key or set element of type " + RestrictedUnpickler.typeName(key));
		return key;
	}

	private static List<?> iterable(final Object o, final String what)
		throws CheckpointFormatException
	{
		if (o instanceof PyTuple) return ((PyTuple) o).items();
		if (o instanceof List) return (List<?>) o;
		if (o instanceof Set) return List.copyOf((Set<?>) o);
		throw new CheckpointFormatException(what + " is a " + RestrictedUnpickler.typeName(o) +
			", not a list or tuple");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> castList(final Object o) {
		return (List<Object>) o;
	}

	/** At most 200 characters, control characters replaced, for error messages. */
	static String printable(final String s) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < s.length() && i < 200; i++) {
			final char c = s.charAt(i);
			b.append(c < 0x20 || c == 0x7f ? '?' : c);
		}
		if (s.length() > 200) b.append("...");
		return b.toString();
	}
}
