package sc.fiji.dinovit.model.checkpoint;

/** Python's {@code None} in an unpickled object tree (Java {@code null} is never used there). */
enum PyNone {
	NONE;

	@Override
	public String toString() {
		return "None";
	}
}
