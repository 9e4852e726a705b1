package sc.fiji.dinovit.algorithms.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.dinovit.testutil.Npy;


class PcaTest {

	/** "small": 500 x 64 (exact solver), "wide": 200 x 320 (subspace solver, n < d). */
	@ParameterizedTest
	@ValueSource(strings = { "small", "wide" })
	void matchesSklearnFullSvd(final String name) {
		final Npy input = ClusterFixtures.npy("pca_" + name + "_input.npy");
		final int n = (int) input.shape[0];
		final int d = (int) input.shape[1];
		final JsonObject meta = ClusterFixtures.json("pca_" + name + ".json");
		final int nc = meta.get("n_components").getAsInt();
		final PcaModel model = Pca.of(nc).fit(input.data, d);

		final float[] expectedComponents = ClusterFixtures.npy("pca_" + name + "_components.npy").data;
		final float[] expectedScores = ClusterFixtures.npy("pca_" + name + "_transformed.npy").data;
		final double[] components = model.components();
		final float[] scores = model.transform(input.data);
		for (int c = 0; c < nc; c++) {
			final double sign = Math.signum(dot(components, expectedComponents, c, d));
			assertEquals(1.0, sign, "sign of component " + c + " (sklearn 1.2 U-based svd_flip)");
			for (int j = 0; j < d; j++)
				assertEquals(expectedComponents[c * d + j], sign * components[c * d + j], 1e-4, "component " + c);
			double scale = 0;
			for (int i = 0; i < n; i++)
				scale = Math.max(scale, Math.abs(expectedScores[i * nc + c]));
			for (int i = 0; i < n; i++)
				assertEquals(expectedScores[i * nc + c], sign * scores[i * nc + c], 1e-4 * Math.max(1, scale),
					"score " + i + ", component " + c);
		}
		assertClose(ClusterFixtures.doubles(meta, "explained_variance"), model.explainedVariance(), 1e-6);
		assertClose(ClusterFixtures.doubles(meta, "explained_variance_ratio"), model.explainedVarianceRatio(), 1e-6);
		assertClose(ClusterFixtures.doubles(meta, "mean"), model.mean(), 1e-6);
	}

	@Test
	void solversAgreeIncludingTheMatrixFreeOperator() {
		final float[] x = structured(300, 200, 6, 41);
		final PcaModel exact = Pca.of(5).withSolver(Pca.Solver.EXACT).fit(x, 200);
		final PcaModel subspace = Pca.of(5).withSolver(Pca.Solver.SUBSPACE).fit(x, 200);
		assertClose(exact.components(), subspace.components(), 1e-6);
		assertClose(exact.explainedVariance(), subspace.explainedVariance(), 1e-9);
		final float[] wide = structured(120, 1100, 5, 43); // d > dense limit: X^T (X v) operator
		final PcaModel implicitA = Pca.of(3).withSeed(1).fit(wide, 1100);
		final PcaModel implicitB = Pca.of(3).withSeed(2).withThreads(2).fit(wide, 1100);
		assertClose(implicitA.components(), implicitB.components(), 1e-6);
		final double[] v = implicitA.explainedVariance();
		assertTrue(v[0] >= v[1] && v[1] >= v[2] && v[2] > 0, Arrays.toString(v));
	}

	@Test
	void fitOnSeveralBlocksEqualsFitOnConcatenation() {
		final float[] x = structured(150, 30, 4, 47);
		final float[] a = Arrays.copyOfRange(x, 0, 40 * 30);
		final float[] b = Arrays.copyOfRange(x, 40 * 30, x.length);
		final PcaModel whole = Pca.of(4).fit(x, 30);
		final PcaModel parts = Pca.of(4).fit(List.of(a, b), 30);
		assertArrayEquals(whole.components(), parts.components(), 1e-12);
		assertArrayEquals(whole.mean(), parts.mean(), 1e-12);
	}

	@Test
	void threadsDoNotChangeTheResult() {
		final float[] x = structured(400, 300, 5, 53);
		assertArrayEquals(Pca.of(4).fit(x, 300).components(), Pca.of(4).withThreads(3).fit(x, 300).components());
	}

	@Test
	void rejectsBadInput() {
		assertThrows(IllegalArgumentException.class, () -> Pca.of(2).fit(new float[3], 3));
		assertThrows(IllegalArgumentException.class, () -> Pca.of(4).fit(new float[9], 3));
		assertThrows(IllegalArgumentException.class, () -> Pca.of(1).fit(new float[7], 3));
		assertThrows(IllegalArgumentException.class, () -> Pca.of(0));
	}

	@Test
	void rgbNormalisesEachComponentPerImageAndTruncates() {
		// 3 patches x 4 components
		final float[] p = { 0f, 1f, 10f, -1f, //
			1f, 1f, 20f, 0f, //
			2f, 1f, 30f, 1f };
		assertArrayEquals(new byte[] { 0, 127, (byte) 255 }, PcaRgb.channel(p, 4, 0));
		assertArrayEquals(new byte[] { 0, 0, 0 }, PcaRgb.channel(p, 4, 1), "constant component");
		final int[] rgb = PcaRgb.lastThreeRgb(p, 4); // components 1, 2, 3
		assertArrayEquals(new int[] { 0x000000, 0x007f7f, 0x00ffff }, rgb);
		assertArrayEquals(new int[] { 0x000000, 0x7f7f00, 0xffff00 }, PcaRgb.rgb(p, 4, 3, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> PcaRgb.channel(p, 4, 4));
	}

	static float[] structured(final int n, final int d, final int rank, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final double[] basis = new double[rank * d];
		for (int i = 0; i < basis.length; i++)
			basis[i] = rng.nextGaussian() / Math.sqrt(d);
		final float[] x = new float[n * d];
		for (int i = 0; i < n; i++) {
			for (int r = 0; r < rank; r++) {
				final double z = rng.nextGaussian() * (rank - r) * 2;
				for (int j = 0; j < d; j++)
					x[i * d + j] += (float) (z * basis[r * d + j]);
			}
			for (int j = 0; j < d; j++)
				x[i * d + j] += (float) (0.01 * rng.nextGaussian() + 0.5);
		}
		return x;
	}

	private static double dot(final double[] a, final float[] b, final int row, final int d) {
		double s = 0;
		for (int j = 0; j < d; j++)
			s += a[row * d + j] * b[row * d + j];
		return s;
	}

	/** Relative to max(1, |expected|). */
	private static void assertClose(final double[] expected, final double[] actual, final double tol) {
		assertEquals(expected.length, actual.length);
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "entry " + i);
	}
}
