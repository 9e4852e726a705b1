package sc.fiji.dinovit.algorithms.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConcatenatedSourceTest {

	private static float[] rows(final int first, final int n, final int dim) {
		final float[] a = new float[n * dim];
		for (int i = 0; i < a.length; i++)
			a[i] = first * dim + i;
		return a;
	}

	@Test
	void readsAcrossPartsAsOneSequence() {
		final int dim = 3;
		final ConcatenatedSource s = new ConcatenatedSource(List.of(DescriptorSource.of(rows(0, 2, dim), dim),
			DescriptorSource.of(new float[0], dim), DescriptorSource.of(rows(2, 5, dim), dim), DescriptorSource.of(rows(7,
				1, dim), dim)));
		assertEquals(8, s.count());
		assertEquals(4, s.parts());
		assertEquals(2, s.start(2));
		assertEquals(8, s.start(4));
		final float[] all = rows(0, 8, dim);
		for (int first = 0; first < 8; first++)
			for (int n = 0; first + n <= 8; n++) {
				final DescriptorSource.RowBlock b = s.rows(first, n, new float[n * dim]);
				for (int j = 0; j < n * dim; j++)
					assertEquals(all[first * dim + j], b.data()[b.offset() + j], first + "+" + n);
			}
		assertThrows(IndexOutOfBoundsException.class, () -> s.rows(7, 2, new float[6]));
	}

	@Test
	void withinOnePartIsAZeroCopyView() {
		final float[] part = rows(0, 4, 2);
		final ConcatenatedSource s = new ConcatenatedSource(List.of(DescriptorSource.of(rows(0, 1, 2), 2),
			DescriptorSource.of(part, 2)));
		final DescriptorSource.RowBlock b = s.rows(2, 2, new float[4]);
		assertSame(part, b.data());
		assertEquals(2, b.offset());
	}

	@Test
	void mixedDimensionsAndEmptyListsAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> new ConcatenatedSource(List.of()));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new ConcatenatedSource(List.of(DescriptorSource
			.of(new float[4], 2), DescriptorSource.of(new float[3], 3)))).getMessage().contains("same model"));
	}

	@Test
	void normalizedViewHasUnitRowsAndLeavesDataAlone() {
		final float[] data = { 3, 4, 0, 0, 1, 0 };
		final L2NormalizedSource s = new L2NormalizedSource(DescriptorSource.of(data, 2));
		final DescriptorSource.RowBlock b = s.rows(0, 3, new float[6]);
		assertArrayEquals(new float[] { 0.6f, 0.8f, 0, 0, 1, 0 }, java.util.Arrays.copyOfRange(b.data(), b.offset(), b
			.offset() + 6), 1e-7f);
		assertArrayEquals(new float[] { 3, 4, 0, 0, 1, 0 }, data);
	}
}
