package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

	@Test
	void fitsWeightsMeansAndCovariances() {
		final SplittableRandom r = new SplittableRandom(1);
		final GaussianMixture.Accumulator acc = new GaussianMixture.Accumulator(2);
		final double[][] second = new double[10000][];
		for (int i = 0; i < 30000; i++)
			acc.add(0, 50 + 10 * gauss(r), 100 + 5 * gauss(r), 200 + 2 * gauss(r));
		for (int i = 0; i < second.length; i++) {
			final double u = gauss(r), v = gauss(r), w = gauss(r);
			second[i] = new double[] { 200 + 8 * u, 20 + 8 * u + 6 * v + 4 * w, 30 + 3 * v }; // correlated
			acc.add(1, second[i][0], second[i][1], second[i][2]);
		}
		final GaussianMixture m = acc.fit();
		assertEquals(0.75, m.weight(0), 1e-12);
		assertEquals(0.25, m.weight(1), 1e-12);
		// close to the generating distributions ...
		assertArrayEquals(new double[] { 50, 100, 200 }, m.mean(0), 0.3);
		assertArrayEquals(new double[] { 100, 0, 0, 0, 25, 0, 0, 0, 4 }, m.covariance(0), 4);
		assertArrayEquals(new double[] { 64, 64, 0, 64, 116, 18, 0, 18, 9 }, m.covariance(1), 8);
		// ... and equal to the biased sample statistics computed in two passes
		final double[] mean = new double[3];
		for (final double[] c : second)
			for (int d = 0; d < 3; d++)
				mean[d] += c[d] / second.length;
		final double[] cov = new double[9];
		for (final double[] c : second)
			for (int i = 0; i < 3; i++)
				for (int j = 0; j < 3; j++)
					cov[3 * i + j] += (c[i] - mean[i]) * (c[j] - mean[j]) / second.length;
		assertArrayEquals(mean, m.mean(1), 1e-9);
		assertArrayEquals(cov, m.covariance(1), 1e-6);
		assertEquals(0, m.mostLikelyComponent(52, 99, 201));
		assertEquals(1, m.mostLikelyComponent(205, 25, 32));
	}

	@Test
	void logDensityIsTheLogOfTheWeightedSumOfComponentDensities() {
		final SplittableRandom r = new SplittableRandom(2);
		final GaussianMixture.Accumulator acc = new GaussianMixture.Accumulator(3);
		for (int i = 0; i < 3000; i++)
			acc.add(i % 3, 80 * (i % 3) + 20 * gauss(r), 60 + 15 * gauss(r), 128 + 30 * gauss(r));
		final GaussianMixture m = acc.fit();
		for (final double[] c : new double[][] { { 10, 60, 128 }, { 90, 50, 140 }, { 255, 0, 0 } }) {
			double sum = 0;
			for (int k = 0; k < 3; k++)
				sum += m.weight(k) * Math.exp(m.componentLogDensity(k, c[0], c[1], c[2]));
			assertEquals(Math.log(sum), m.logDensity(c[0], c[1], c[2]), 1e-9);
			// unnormalised Gaussian: log density = -0.5 log det - 0.5 Mahalanobis^2
			final double[] cov = m.covariance(0);
			assertTrue(m.componentLogDensity(0, m.mean(0)[0], m.mean(0)[1], m.mean(0)[2]) - -0.5 * Math.log(det(
				cov)) < 1e-9);
		}
	}

	@Test
	void farColoursStayFiniteInsteadOfUnderflowing() {
		final GaussianMixture.Accumulator acc = new GaussianMixture.Accumulator(1);
		for (int i = 0; i < 100; i++)
			acc.add(0, 10 + i % 2, 10, 10);
		final double far = acc.fit().logDensity(255, 255, 255);
		assertTrue(Double.isFinite(far) && far < -1e5, "log density " + far);
	}

	@Test
	void singularCovarianceGetsTheRegulariser() {
		final GaussianMixture.Accumulator acc = new GaussianMixture.Accumulator(5);
		for (int i = 0; i < 10; i++)
			acc.add(2, 7, 8, 9);
		final GaussianMixture m = acc.fit();
		assertArrayEquals(new double[] { 0.01, 0, 0, 0, 0.01, 0, 0, 0, 0.01 }, m.covariance(2), 1e-12);
		assertEquals(1, m.weight(2));
		assertEquals(0, m.weight(0));
		assertEquals(Double.NEGATIVE_INFINITY, m.componentLogDensity(0, 7, 8, 9));
		assertEquals(2, m.mostLikelyComponent(0, 0, 0), "empty components never win");
		assertEquals(-0.5 * Math.log(1e-6), m.logDensity(7, 8, 9), 1e-9);
	}

	@Test
	void fittingNothingFails() {
		assertThrows(IllegalStateException.class, () -> new GaussianMixture.Accumulator(5).fit());
		assertThrows(IllegalArgumentException.class, () -> new GaussianMixture.Accumulator(0));
	}

	@Test
	void kMeansFindsSeparatedClustersAndIsDeterministic() {
		final SplittableRandom r = new SplittableRandom(3);
		final double[][] centres = { { 20, 20, 20 }, { 230, 30, 30 }, { 30, 230, 30 }, { 30, 30, 230 }, { 200, 200,
			200 } };
		final int n = 5000;
		final double[] points = new double[3 * n];
		for (int i = 0; i < n; i++)
			for (int d = 0; d < 3; d++)
				points[3 * i + d] = centres[i % 5][d] + 6 * gauss(r);
		final int[] labels = ColourKMeans.cluster(points, 5, 10, new SplittableRandom(9));
		for (int i = 5; i < n; i++)
			assertEquals(labels[i % 5], labels[i], "point " + i + " clustered with its own centre");
		assertEquals(5, java.util.Arrays.stream(labels, 0, 5).distinct().count());
		assertArrayEquals(labels, ColourKMeans.cluster(points, 5, 10, new SplittableRandom(9)));
		assertThrows(IllegalArgumentException.class, () -> ColourKMeans.cluster(new double[12], 5, 10,
			new SplittableRandom(1)));
	}

	@Test
	void kMeansCopesWithFewerDistinctPointsThanClusters() {
		final double[] points = new double[3 * 40];
		for (int i = 20; i < 40; i++)
			points[3 * i] = 255;
		final int[] labels = ColourKMeans.cluster(points, 5, 10, new SplittableRandom(1));
		for (final int l : labels)
			assertTrue(l >= 0 && l < 5);
	}

	private static double gauss(final SplittableRandom r) {
		double u;
		do
			u = r.nextDouble();
		while (u == 0);
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
	}

	private static double det(final double[] a) {
		return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] *
			a[6]);
	}
}
