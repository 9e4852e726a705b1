package sc.fiji.dinovit.algorithms.correspondence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.dinovit.algorithms.similarity.CosineSimilarity;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.vit.PatchGrid;

class BestBuddiesTest {

	@Test
	void plantedPermutationIsRecovered() {
		final int n = 530, d = 40;
		final float[] a = TestFeatures.gaussian(n, d, 1);
		final int[] perm = TestFeatures.permutation(n, 2);
		final float[] b = TestFeatures.permutedRows(a, d, perm, 0.05, 3);
		final BestBuddies bb = BestBuddies.of(a, n, b, n, d);
		assertEquals(n, bb.numBuddies());
		for (int j = 0; j < n; j++) {
			assertEquals(perm[j], bb.nnBA(j));
			assertEquals(j, bb.nnAB(perm[j]));
		}
	}

	/** Sizes that are not multiples of the row block, the panel width, 4 rows or the depth chunk. */
	@ParameterizedTest
	@CsvSource({ "1, 1, 1", "3, 2, 5", "131, 517, 37", "67, 300, 300", "65, 257, 129" })
	void blockedSearchEqualsBruteForceBitwise(final int nA, final int nB, final int d) {
		final float[] a = TestFeatures.gaussian(nA, d, nA);
		final float[] b = TestFeatures.gaussian(nB, d, nB + 7);
		final BestBuddies bb = BestBuddies.of(a, nA, b, nB, d);
		final float[][] sim = bruteForce(a, nA, b, nB, d);
		for (int i = 0; i < nA; i++) {
			int arg = 0;
			for (int j = 1; j < nB; j++)
				if (sim[i][j] > sim[i][arg]) arg = j;
			assertEquals(arg, bb.nnAB(i), "row " + i);
			assertEquals(sim[i][arg], bb.similarityAB(i), 0f);
		}
		for (int j = 0; j < nB; j++) {
			int arg = 0;
			for (int i = 1; i < nA; i++)
				if (sim[i][j] > sim[arg][j]) arg = i;
			assertEquals(arg, bb.nnBA(j), "column " + j);
			assertEquals(sim[arg][j], bb.similarityBA(j), 0f);
		}
		for (final int i : bb.buddies())
			assertEquals(i, bb.nnBA(bb.nnAB(i)));
	}

	@Test
	void tiesGoToTheFirstMaximalIndexAcrossBlocks() {
		final int nA = 150, nB = 600, d = 16;
		final float[] a = TestFeatures.gaussian(nA, d, 11);
		final float[] b = TestFeatures.gaussian(nB, d, 12);
		// B rows 10, 300 and 550 (three different panels) are the same vector, a scaled copy of A row 5.
		for (final int j : new int[] { 10, 300, 550 })
			for (int k = 0; k < d; k++)
				b[j * d + k] = 2 * a[5 * d + k];
		// A rows 70 and 140 (other row blocks) duplicate A row 5 up to scale (powers of two keep the
		// cosines exactly equal in floating point).
		for (final int i : new int[] { 70, 140 })
			for (int k = 0; k < d; k++)
				a[i * d + k] = (i == 70 ? 4 : 0.5f) * a[5 * d + k];
		final BestBuddies bb = BestBuddies.of(a, nA, b, nB, d);
		assertEquals(10, bb.nnAB(5));
		assertEquals(10, bb.nnAB(70));
		assertEquals(10, bb.nnAB(140));
		assertEquals(5, bb.nnBA(10));
		assertEquals(5, bb.nnBA(300));
		assertEquals(5, bb.nnBA(550));
		assertTrue(bb.isBuddy(5));
		assertTrue(!bb.isBuddy(70) && !bb.isBuddy(140));
	}

	@Test
	void resultDoesNotDependOnTheThreadCount() throws Exception {
		final int nA = 300, nB = 280, d = 33;
		final float[] a = TestFeatures.gaussian(nA, d, 21);
		final float[] b = TestFeatures.gaussian(nB, d, 22);
		final BestBuddies common = BestBuddies.of(a, nA, b, nB, d);
		final ForkJoinPool single = new ForkJoinPool(1);
		try {
			final BestBuddies one = single.submit(() -> BestBuddies.of(a, nA, b, nB, d)).get();
			assertArrayEquals(common.nnABArray(), one.nnABArray());
			assertArrayEquals(common.nnBAArray(), one.nnBAArray());
		}
		finally {
			single.shutdown();
		}
	}

	@Test
	void zeroDescriptorHasCosineZero() {
		final float[] a = { 1, 0, 0, 1 };
		final float[] b = { -1, 0, 0, 0 };
		final BestBuddies bb = BestBuddies.of(a, 2, b, 2, 2);
		assertEquals(0f, bb.similarityAB(0));
		assertEquals(1, bb.nnAB(0), "cosine 0 with the zero vector beats -1");
	}

	@Test
	void mismatchedDimensionsNameBoth() {
		final PatchGrid g = PatchGrid.of(16, 16, 8, 4);
		final Descriptors a = new Descriptors(g, 6, new float[9 * 6], null, false);
		final Descriptors b = new Descriptors(g, 5, new float[9 * 5], null, false);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestBuddies.of(a, b));
		assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
	}

	static float[][] bruteForce(final float[] a, final int nA, final float[] b, final int nB, final int d) {
		final float[][] s = new float[nA][nB];
		for (int i = 0; i < nA; i++)
			for (int j = 0; j < nB; j++)
				s[i][j] = CosineSimilarity.fromDot(CosineSimilarity.dot(a, i * d, b, j * d, d),
					CosineSimilarity.inverseNorm(a, i * d, d), CosineSimilarity.inverseNorm(b, j * d, d));
		return s;
	}
}
