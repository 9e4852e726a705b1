package sc.fiji.dinovit.model.checkpoint;

/**
 * An inert placeholder for an allowlisted Python object that carries no tensors, for example
 * DINO's {@code args} ({@code argparse.Namespace}) or a NumPy scalar. It records only the class
 * name, the constructor arguments and the state that the pickle gave it; nothing is ever
 * invoked. Compares by identity.
 */
final class PyStub {

	private final String className;
	private final PyTuple args;
	private Object state = PyNone.NONE;

	PyStub(final String className, final PyTuple args) {
		this.className = className;
		this.args = args;
	}

	String className() {
		return className;
	}

	PyTuple args() {
		return args;
	}

	/** The object passed by the pickle's BUILD opcode, or None. */
	Object state() {
		return state;
	}

	void setState(final Object state) {
		this.state = state;
	}

	@Override
	public String toString() {
		return className + " placeholder";
	}
}
