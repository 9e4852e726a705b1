package sc.fiji.dinovit.model.checkpoint;

/**
 * Element types a checkpoint tensor may have. Only the floating point types can hold model
 * weights; the integer types are accepted so that harmless extra buffers (for example a
 * {@code position_ids} buffer) can be read and then ignored.
 */
public enum DType {
	F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

	private final int byteSize;

	DType(final int byteSize) {
		this.byteSize = byteSize;
	}

	/** Bytes per element. */
	public int byteSize() {
		return byteSize;
	}

	/** Whether this type can be converted to float32 model weights. */
	public boolean isFloatingPoint() {
		return this == F64 || this == F32 || this == F16 || this == BF16;
	}
}
