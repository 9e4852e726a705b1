package sc.fiji.dinovit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

class TensorConcatTest {

	@Test
	void sameTypeIsCopiedByteForByte() {
		final TensorData a = f16("a", new long[] { 1, 2 }, (short) 0x3c00, (short) 0x4000);
		final TensorData b = f16("b", new long[] { 2, 2 }, (short) 0x4200, (short) 0x4400, (short) 0x4500,
			(short) 0x4600);
		final TensorData ab = TensorConcat.alongFirstDim("ab", List.of(a, b));
		assertEquals(DType.F16, ab.dtype());
		assertArrayEquals(new long[] { 3, 2 }, ab.shape());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, ab.toFloatArray());
	}

	@Test
	void mixedFloatTypesBecomeFloat32() {
		final TensorData a = f16("a", new long[] { 2 }, (short) 0x3c00, (short) 0x4000);
		final TensorData b = SyntheticCheckpoints.f32("b", new long[] { 1 }, 7.5f);
		final TensorData ab = TensorConcat.alongFirstDim("ab", List.of(a, b));
		assertEquals(DType.F32, ab.dtype());
		assertArrayEquals(new float[] { 1, 2, 7.5f }, ab.toFloatArray());
	}

	@Test
	void incompatibleShapesAreRefused() {
		final TensorData a = SyntheticCheckpoints.f32("a", new long[] { 1, 2 }, 1, 2);
		final TensorData b = SyntheticCheckpoints.f32("b", new long[] { 2 }, 1, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorConcat
			.alongFirstDim("ab", List.of(a, b)));
		assertEquals(true, e.getMessage().contains("a F32(1, 2), b F32(2)"), e.getMessage());
	}

	@Test
	void zerosAreZero() {
		assertArrayEquals(new float[4], TensorConcat.zeros("z", DType.BF16, 2, 2).toFloatArray());
	}

	private static TensorData f16(final String name, final long[] shape, final short... bits) {
		final ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		for (final short s : bits)
			b.putShort(s);
		b.flip();
		return new TensorData(name, shape, DType.F16, b);
	}
}
