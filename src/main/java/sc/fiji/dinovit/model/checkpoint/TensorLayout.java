package sc.fiji.dinovit.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Shape, strides and storage offset of a strided tensor view, all in elements, validated on
 * construction: same rank, nothing negative, element count and extent free of overflow.
 */
final class TensorLayout {

	private final long[] shape;
	private final long[] stride;
	private final long offset;
	private final long numel;
	/** One past the last storage element the view touches (== offset for an empty tensor). */
	private final long end;

	private TensorLayout(final long[] shape, final long[] stride, final long offset, final long numel,
		final long end)
	{
		this.shape = shape;
		this.stride = stride;
		this.offset = offset;
		this.numel = numel;
		this.end = end;
	}

	/** @throws CheckpointFormatException when the numbers cannot describe a real tensor */
	static TensorLayout of(final long[] shape, final long[] stride, final long offset)
		throws CheckpointFormatException
	{
		if (shape.length != stride.length) throw new CheckpointFormatException("tensor shape " +
			Arrays.toString(shape) + " and strides " + Arrays.toString(stride) + " differ in rank");
		if (offset < 0) throw new CheckpointFormatException("negative storage offset " + offset);
		try {
			long numel = 1;
			long lastIndex = offset;
			for (int i = 0; i < shape.length; i++) {
				if (shape[i] < 0 || stride[i] < 0) throw new CheckpointFormatException(
					"negative size or stride in shape " + Arrays.toString(shape) + ", strides " +
						Arrays.toString(stride));
				numel = Math.multiplyExact(numel, shape[i]);
				if (shape[i] > 0) lastIndex = Math.addExact(lastIndex, Math.multiplyExact(shape[i] - 1,
					stride[i]));
			}
			final long end = numel == 0 ? offset : Math.addExact(lastIndex, 1);
			return new TensorLayout(shape.clone(), stride.clone(), offset, numel, end);
		}
		catch (final ArithmeticException e) {
			throw new CheckpointFormatException("tensor shape " + Arrays.toString(shape) +
				" with strides " + Arrays.toString(stride) + " overflows 64-bit indexing", e);
		}
	}

	/** A C-contiguous layout of that shape at offset 0. */
	static TensorLayout contiguous(final long[] shape) throws CheckpointFormatException {
		final long[] stride = new long[shape.length];
		long s = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			stride[i] = s;
			s *= Math.max(shape[i], 1);
		}
		return of(shape, stride, 0);
	}

	long[] shape() {
		return shape.clone();
	}

	long offset() {
		return offset;
	}

	long numel() {
		return numel;
	}

	/** Number of storage elements from {@link #offset()} to the last one the view touches. */
	long span() {
		return end - offset;
	}

	/** One past the last storage element the view touches. */
	long end() {
		return end;
	}

	/** Whether the view is a dense C-order block (dimensions of size 1 may have any stride). */
	boolean isContiguous() {
		if (numel == 0) return true;
		long expected = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			if (shape[i] != 1 && stride[i] != expected) return false;
			expected *= shape[i];
		}
		return true;
	}

	/**
	 * Copies the view into a new dense C-order heap buffer.
	 *
	 * @param region the storage bytes starting at element {@link #offset()}, at least
	 *          {@link #span()} elements long
	 * @param elementSize bytes per element
	 */
	ByteBuffer gather(final ByteBuffer region, final int elementSize) throws CheckpointFormatException {
		if (numel > (Integer.MAX_VALUE - 8) / elementSize) throw new CheckpointFormatException(
			"non-contiguous tensor of " + numel + " elements of " + elementSize +
				" bytes is too large to copy into one buffer");
		final long bytes = numel * elementSize;
		final ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
		if (numel == 0) return out;
		final int rank = shape.length;
		final long[] index = new long[rank];
		final byte[] element = new byte[elementSize];
		for (long n = 0; n < numel; n++) {
			long at = 0;
			for (int d = 0; d < rank; d++)
				at += index[d] * stride[d];
			region.get(Math.toIntExact(at * elementSize), element);
			out.put(element);
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < shape[d]) break;
				index[d] = 0;
			}
		}
		out.flip();
		return out;
	}
}
