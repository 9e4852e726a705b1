package sc.fiji.dinovit.model.checkpoint;

/**
 * A Python global (a {@code module.name} reference) that a pickle may mention, resolved against
 * {@link PickleAllowlist}. It is a Java handler standing in for the Python object: calling it
 * builds inert data (a dict, a tensor reference, a placeholder) and never runs anything.
 */
final class PickleGlobal {

	/** What the global stands for. */
	enum Kind {
		/** A function or class the pickle may call through REDUCE / NEWOBJ. */
		CALLABLE,
		/** A typed torch storage class such as {@code torch.FloatStorage}; {@link #dtype()} is set. */
		STORAGE_TYPE,
		/** {@code torch.UntypedStorage}: a storage of raw bytes. */
		UNTYPED_STORAGE,
		/** A torch dtype object such as {@code torch.float32}; {@link #dtype()} is set. */
		TORCH_DTYPE,
		/** A class that is only referenced, never called (such as {@code torch.Tensor}). */
		TYPE_REFERENCE
	}

	/** The inert Java stand-in for calling the global. */
	@FunctionalInterface
	interface Handler {
		Object call(PyTuple args) throws CheckpointFormatException;
	}

	private final String qualifiedName;
	private final Kind kind;
	private final DType dtype;
	private final Handler handler;

	private PickleGlobal(final String qualifiedName, final Kind kind, final DType dtype,
		final Handler handler)
	{
		this.qualifiedName = qualifiedName;
		this.kind = kind;
		this.dtype = dtype;
		this.handler = handler;
	}

	static PickleGlobal callable(final String qualifiedName, final Handler handler) {
		return new PickleGlobal(qualifiedName, Kind.CALLABLE, null, handler);
	}

	static PickleGlobal storageType(final String qualifiedName, final DType dtype) {
		return new PickleGlobal(qualifiedName, Kind.STORAGE_TYPE, dtype, null);
	}

	static PickleGlobal untypedStorage(final String qualifiedName) {
		return new PickleGlobal(qualifiedName, Kind.UNTYPED_STORAGE, null, null);
	}

	static PickleGlobal torchDType(final String qualifiedName, final DType dtype) {
		return new PickleGlobal(qualifiedName, Kind.TORCH_DTYPE, dtype, null);
	}

	static PickleGlobal typeReference(final String qualifiedName) {
		return new PickleGlobal(qualifiedName, Kind.TYPE_REFERENCE, null, null);
	}

	String qualifiedName() {
		return qualifiedName;
	}

	Kind kind() {
		return kind;
	}

	/** Element type of a storage type or torch dtype global, else null. */
	DType dtype() {
		return dtype;
	}

	Object call(final PyTuple args) throws CheckpointFormatException {
		if (handler == null) throw new CheckpointFormatException("the pickle calls " +
			qualifiedName + ", which is not callable in a state dict");
		return handler.call(args);
	}

	@Override
	public String toString() {
		return qualifiedName;
	}
}
