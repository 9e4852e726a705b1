package sc.fiji.dinovit.algorithms.correspondence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The contract of {@link PairClusterer#kMeans()} (the shared k-means behind the seam). */
class PairClustererTest {

	/** Four tight blobs of 30 points in 8 dimensions; point i belongs to blob i % 4. */
	private static float[] blobs() {
		final SplittableRandom r = new SplittableRandom(5);
		final int d = 8;
		final float[] x = new float[120 * d];
		for (int i = 0; i < 120; i++)
			for (int k = 0; k < d; k++)
				x[i * d + k] = (k == i % 4 ? 10f : 0f) + (float) (0.1 * r.nextGaussian());
		return x;
	}

	@Test
	void separatedBlobsAreRecovered() {
		final int[] labels = PairClusterer.kMeans().cluster(blobs(), 120, 8, 4, 0);
		for (int i = 4; i < 120; i++)
			assertEquals(labels[i % 4], labels[i], "point " + i);
		for (int c = 0; c < 4; c++)
			for (int e = c + 1; e < 4; e++)
				assertEquals(true, labels[c] != labels[e]);
	}

	@Test
	void deterministicForASeed() {
		final float[] x = TestFeatures.gaussian(90, 6, 3);
		assertArrayEquals(PairClusterer.kMeans().cluster(x, 90, 6, 7, 11),
			PairClusterer.kMeans().cluster(x, 90, 6, 7, 11));
	}

	@Test
	void edgeCases() {
		final float[] x = TestFeatures.gaussian(5, 3, 4);
		assertArrayEquals(new int[] { 0, 1, 2, 3, 4 }, PairClusterer.kMeans().cluster(x, 5, 3, 5, 0));
		assertArrayEquals(new int[5], PairClusterer.kMeans().cluster(x, 5, 3, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> PairClusterer.kMeans().cluster(x, 5, 3, 6, 0));
	}
}
