package sc.fiji.dinovit.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Builds new heap tensors from checkpoint tensors: concatenation along the first dimension
 * (query | key | value into qkv) and zero-filled tensors.
 */
public final class TensorConcat {

	private TensorConcat() {}

	/**
	 * Concatenates tensors along dimension 0 into a new heap tensor.
	 * <p>
	 * When all parts have the same element type the bytes are copied unchanged (a float16 qkv
	 * stays float16). Parts of different floating point types are all converted to float32.
	 *
	 * @param name name of the result
	 * @param parts at least one tensor; all of the same rank (at least 1) and the same sizes
	 *          in every dimension but the first
	 * @throws IllegalArgumentException if the shapes do not fit, the types are mixed and not all
	 *           floating point, or the result would exceed 2 GiB
	 */
	public static TensorData alongFirstDim(final String name, final List<TensorData> parts) {
		if (parts.isEmpty()) throw new IllegalArgumentException("Nothing to concatenate into " + name);
		final long[] first = parts.get(0).shape();
		if (first.length == 0) throw new IllegalArgumentException("Cannot concatenate scalar " +
			parts.get(0).name() + " into " + name);
		long rows = 0;
		boolean sameType = true;
		boolean allFloat = true;
		for (final TensorData p : parts) {
			final long[] s = p.shape();
			if (s.length != first.length || !Arrays.equals(s, 1, s.length, first, 1, first.length))
				throw new IllegalArgumentException("Cannot concatenate " + describe(parts) + " into " + name +
					": all sizes but the first must agree");
			rows += s[0];
			sameType &= p.dtype() == parts.get(0).dtype();
			allFloat &= p.dtype().isFloatingPoint();
		}
		if (!sameType && !allFloat) throw new IllegalArgumentException("Cannot concatenate " +
			describe(parts) + " into " + name + ": mixed element types that are not all floating point");
		final long[] shape = first.clone();
		shape[0] = rows;
		final DType dtype = sameType ? parts.get(0).dtype() : DType.F32;
		final ByteBuffer out = allocate(name, TensorData.numel(shape) * dtype.byteSize());
		for (final TensorData p : parts) {
			if (sameType) out.put(p.bytes());
			else {
				out.asFloatBuffer().put(p.toFloatArray());
				out.position(out.position() + (int) p.numel() * Float.BYTES);
			}
		}
		out.flip();
		return new TensorData(name, shape, dtype, out);
	}

	/** A new all-zero heap tensor (zero bytes are 0.0 in every floating point type). */
	public static TensorData zeros(final String name, final DType dtype, final long... shape) {
		final ByteBuffer out = allocate(name, TensorData.numel(shape) * dtype.byteSize());
		return new TensorData(name, shape, dtype, out);
	}

	private static ByteBuffer allocate(final String name, final long bytes) {
		if (bytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Tensor " + name +
			" would need " + bytes + " bytes, more than one Java buffer can hold");
		return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static String describe(final List<TensorData> parts) {
		final StringBuilder sb = new StringBuilder();
		for (final TensorData p : parts)
			sb.append(sb.length() == 0 ? "" : ", ").append(p.name()).append(' ').append(p.dtype())
				.append(TensorShape.of(p));
		return sb.toString();
	}
}
