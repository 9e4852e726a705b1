package sc.fiji.dinovit.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One named tensor of a checkpoint: shape, element type and its bytes, C-contiguous and
 * little-endian.
 * <p>
 * The bytes may be a slice of a memory-mapped file: they stay valid as long as the owning
 * {@link Checkpoint} is open (a mapped buffer is released by the garbage collector, closing
 * the checkpoint only drops the reference). Instances are immutable and safe to share between
 * threads; {@link #bytes()} returns a fresh read-only view each time.
 */
public final class TensorData {

	private final String name;
	private final long[] shape;
	private final DType dtype;
	private final ByteBuffer data;

	/**
	 * @param name tensor name (key in the state dict)
	 * @param shape dimensions, outermost first; an empty array is a scalar
	 * @param dtype element type
	 * @param data exactly {@code numel * dtype.byteSize()} bytes, C order, little-endian,
	 *          from position 0 to the limit
	 */
	public TensorData(final String name, final long[] shape, final DType dtype, final ByteBuffer data) {
		this.name = name;
		this.shape = shape.clone();
		this.dtype = dtype;
		final long numel = numel(this.shape);
		final long expected = numel * dtype.byteSize();
		if (data.remaining() != expected) throw new IllegalArgumentException("Tensor '" + name +
			"' of shape " + Arrays.toString(shape) + " and type " + dtype + " needs " + expected +
			" bytes but has " + data.remaining());
		this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
	}

	public String name() {
		return name;
	}

	public long[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	/** Size of dimension {@code i}; negative i counts from the end. */
	public long dim(final int i) {
		return shape[i < 0 ? shape.length + i : i];
	}

	public DType dtype() {
		return dtype;
	}

	public long numel() {
		return numel(shape);
	}

	/** A read-only little-endian view of the raw bytes, positioned at 0. */
	public ByteBuffer bytes() {
		return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
	}

	/** The same bytes under another name or shape (same element count). */
	public TensorData renamed(final String newName, final long... newShape) {
		if (numel(newShape) != numel()) throw new IllegalArgumentException("Cannot reshape " +
			name + " " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
		return new TensorData(newName, newShape, dtype, data);
	}

	/** The same bytes under another name. */
	public TensorData renamed(final String newName) {
		return new TensorData(newName, shape, dtype, data);
	}

	/**
	 * Converts to float32 in a new heap array.
	 *
	 * @throws IllegalStateException if the element type is not floating point or the tensor has
	 *           more than {@link Integer#MAX_VALUE} elements
	 */
	public float[] toFloatArray() {
		final long n = numel();
		if (n > Integer.MAX_VALUE - 8) throw new IllegalStateException("Tensor '" + name +
			"' has " + n + " elements, too many for one Java array");
		final float[] out = new float[(int) n];
		final ByteBuffer b = bytes();
		switch (dtype) {
			case F32:
				b.asFloatBuffer().get(out);
				break;
			case F64:
				for (int i = 0; i < out.length; i++)
					out[i] = (float) b.getDouble(i * 8);
				break;
			case F16:
				for (int i = 0; i < out.length; i++)
					out[i] = Float.float16ToFloatCompat(b.getShort(i * 2));
				break;
			case BF16:
				for (int i = 0; i < out.length; i++)
					out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
				break;
			default:
				throw new IllegalStateException("Tensor '" + name + "' has type " + dtype +
					", not a floating point type that model weights can have");
		}
		return out;
	}

	/**
	 * The tensor as float32 in a direct, native-order buffer suitable for zero-copy hand-over to
	 * native code. For an F32 tensor on a little-endian machine this is a view of the original
	 * bytes when they are already direct (memory-mapped); otherwise a copy.
	 */
	public FloatBuffer toDirectFloatBuffer() {
		if (dtype == DType.F32 && data.isDirect() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
			return bytes().asFloatBuffer();
		final float[] values = toFloatArray();
		final FloatBuffer fb = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		fb.put(values).flip();
		return fb;
	}

	public static long numel(final long[] shape) {
		long n = 1;
		for (final long d : shape) {
			if (d < 0) throw new IllegalArgumentException("Negative dimension in " + Arrays.toString(shape));
			n = Math.multiplyExact(n, d);
		}
		return n;
	}

	@Override
	public String toString() {
		return name + " " + dtype + Arrays.toString(shape);
	}

	/** Half-precision conversion that also works on Java 17 (Float.float16ToFloat is Java 20+). */
	static final class Float {
		private Float() {}

		static float intBitsToFloat(final int bits) {
			return java.lang.Float.intBitsToFloat(bits);
		}

		static float float16ToFloatCompat(final short h) {
			final int bits = h & 0xffff;
			final int sign = (bits & 0x8000) << 16;
			final int exp = (bits >>> 10) & 0x1f;
			final int mant = bits & 0x3ff;
			if (exp == 0) {
				if (mant == 0) return java.lang.Float.intBitsToFloat(sign);
				// subnormal: mant * 2^-24
				final float v = mant * 0x1p-24f;
				return sign != 0 ? -v : v;
			}
			if (exp == 0x1f) return java.lang.Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
			return java.lang.Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
		}
	}
}
