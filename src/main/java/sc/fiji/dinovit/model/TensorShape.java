package sc.fiji.dinovit.model;

import java.util.Arrays;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * The dimensions of a tensor, outermost first. Immutable value with a readable
 * {@link #toString()} such as {@code (1, 785, 384)}.
 */
public final class TensorShape {

	private final long[] dims;

	private TensorShape(final long[] dims) {
		for (final long d : dims)
			if (d < 0) throw new IllegalArgumentException("Negative dimension in " + Arrays.toString(dims));
		this.dims = dims;
	}

	public static TensorShape of(final long... dims) {
		return new TensorShape(dims.clone());
	}

	public static TensorShape of(final TensorData tensor) {
		return new TensorShape(tensor.shape());
	}

	public int rank() {
		return dims.length;
	}

	/** Size of dimension {@code i}; negative i counts from the end. */
	public long dim(final int i) {
		return dims[i < 0 ? dims.length + i : i];
	}

	public long[] dims() {
		return dims.clone();
	}

	public long numel() {
		return TensorData.numel(dims);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof TensorShape && Arrays.equals(dims, ((TensorShape) o).dims);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(dims);
	}

	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder("(");
		for (int i = 0; i < dims.length; i++) {
			if (i > 0) sb.append(", ");
			sb.append(dims[i]);
		}
		return sb.append(')').toString();
	}
}
