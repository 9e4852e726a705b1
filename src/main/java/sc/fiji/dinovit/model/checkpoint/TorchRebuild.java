package sc.fiji.dinovit.model.checkpoint;

import java.util.List;
import java.util.Set;

/**
 * Inert Java versions of torch's tensor rebuild functions: they check their arguments and
 * return a {@link TorchTensorRef} describing which bytes of which storage form the tensor.
 */
final class TorchRebuild {

	private static final Set<String> TENSOR_REBUILDERS = Set.of("torch._utils._rebuild_tensor_v2",
		"torch._utils._rebuild_tensor_v3", "torch._utils._rebuild_parameter",
		"torch._utils._rebuild_parameter_with_state");

	private TorchRebuild() {}

	/** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
	static Object tensorV2(final PyTuple a) throws CheckpointFormatException {
		argCount("_rebuild_tensor_v2", a, 6, 7);
		final TorchStorageRef storage = storage(a.get(0));
		if (storage.dtype() == null) throw new CheckpointFormatException(
			"_rebuild_tensor_v2 on an untyped storage: the element type is unknown");
		return new TorchTensorRef(storage, storage.dtype(), layout(a));
	}

	/** {@code _rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype[, metadata])}. */
	static Object tensorV3(final PyTuple a) throws CheckpointFormatException {
		argCount("_rebuild_tensor_v3", a, 7, 8);
		final TorchStorageRef storage = storage(a.get(0));
		if (!(a.get(6) instanceof PickleGlobal) ||
			((PickleGlobal) a.get(6)).kind() != PickleGlobal.Kind.TORCH_DTYPE)
			throw new CheckpointFormatException("_rebuild_tensor_v3: argument 7 is not a torch dtype");
		final DType dtype = ((PickleGlobal) a.get(6)).dtype();
		if (storage.dtype() != null && storage.dtype() != dtype) throw new CheckpointFormatException(
			"_rebuild_tensor_v3: dtype " + dtype + " differs from the storage's " + storage.dtype());
		return new TorchTensorRef(storage, dtype, layout(a));
	}

	/** {@code _rebuild_parameter(data, requires_grad, hooks[, state])}: the parameter's tensor. */
	static Object parameter(final PyTuple a) throws CheckpointFormatException {
		argCount("_rebuild_parameter", a, 3, 4);
		if (!(a.get(0) instanceof TorchTensorRef)) throw new CheckpointFormatException(
			"_rebuild_parameter: argument is a " + RestrictedUnpickler.typeName(a.get(0)) +
				", not a tensor");
		return a.get(0);
	}

	/** {@code _rebuild_from_type_v2(func, new_type, args, state)}: a tensor (sub)class instance. */
	static Object fromTypeV2(final PyTuple a) throws CheckpointFormatException {
		argCount("_rebuild_from_type_v2", a, 4, 4);
		if (!(a.get(0) instanceof PickleGlobal) ||
			!TENSOR_REBUILDERS.contains(((PickleGlobal) a.get(0)).qualifiedName()))
			throw new CheckpointFormatException(
				"_rebuild_from_type_v2: the rebuild function is not a tensor rebuild function");
		if (!(a.get(1) instanceof PickleGlobal) ||
			((PickleGlobal) a.get(1)).kind() != PickleGlobal.Kind.TYPE_REFERENCE)
			throw new CheckpointFormatException("_rebuild_from_type_v2: unexpected tensor type");
		if (!(a.get(2) instanceof PyTuple)) throw new CheckpointFormatException(
			"_rebuild_from_type_v2: arguments are not a tuple");
		return ((PickleGlobal) a.get(0)).call((PyTuple) a.get(2));
	}

	/** {@code torch.Size(iterable)}: a tuple of ints. */
	static Object size(final PyTuple a) throws CheckpointFormatException {
		argCount("torch.Size", a, 1, 1);
		final Object o = a.get(0);
		final List<?> items = o instanceof PyTuple ? ((PyTuple) o).items() : o instanceof List
			? (List<?>) o : null;
		if (items == null) throw new CheckpointFormatException("torch.Size argument is not a tuple");
		for (final Object i : items)
			if (!(i instanceof Long)) throw new CheckpointFormatException("torch.Size holds a " +
				RestrictedUnpickler.typeName(i) + ", not an int");
		return new PyTuple(items.toArray());
	}

	private static TorchStorageRef storage(final Object o) throws CheckpointFormatException {
		if (o instanceof TorchStorageRef) return (TorchStorageRef) o;
		throw new CheckpointFormatException("tensor rebuild: argument 1 is a " +
			RestrictedUnpickler.typeName(o) + ", not a storage");
	}

	private static TensorLayout layout(final PyTuple a) throws CheckpointFormatException {
		if (!(a.get(1) instanceof Long)) throw new CheckpointFormatException(
			"tensor rebuild: storage offset is not an int");
		return TensorLayout.of(longs(a.get(2), "size"), longs(a.get(3), "stride"), (Long) a.get(1));
	}

	private static long[] longs(final Object o, final String what) throws CheckpointFormatException {
		if (!(o instanceof PyTuple)) throw new CheckpointFormatException("tensor rebuild: " + what +
			" is a " + RestrictedUnpickler.typeName(o) + ", not a tuple");
		final PyTuple t = (PyTuple) o;
		if (t.size() > 64) throw new CheckpointFormatException("tensor rebuild: " + t.size() +
			" dimensions");
		final long[] out = new long[t.size()];
		for (int i = 0; i < out.length; i++) {
			if (!(t.get(i) instanceof Long)) throw new CheckpointFormatException("tensor rebuild: " +
				what + " holds a " + RestrictedUnpickler.typeName(t.get(i)) + ", not an int");
			out[i] = (Long) t.get(i);
		}
		return out;
	}

	private static void argCount(final String fn, final PyTuple a, final int min, final int max)
		throws CheckpointFormatException
	{
		if (a.size() < min || a.size() > max) throw new CheckpointFormatException(fn + " called with " +
			a.size() + " arguments, expected " + (min == max ? min : min + " or " + max));
	}
}
