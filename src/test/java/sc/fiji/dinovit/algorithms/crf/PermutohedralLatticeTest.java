package sc.fiji.dinovit.algorithms.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permutohedral filter against the exact Gaussian filter, and its structural properties.
 * Errors are relative L2 norms over all pixels and channels. The lattice is an approximation:
 * its kernel has a flatter top and a finite support (about 3 standard deviations), its gain is
 * below 1 and falls with the dimension and with the sparsity of the features, and where the
 * features are sparse in the lattice (noisy colours, d = 5) the blur loses the mass of
 * unoccupied lattice points. The bounds below are about 1.5x the measured errors.
 */
class PermutohedralLatticeTest {

	private static final int W = 20, H = 20, N = W * H, CHANNELS = 3;

	static Stream<Arguments> featureSets() {
		final Random rnd = new Random(7);
		final float[] cloud = new float[N * 3];
		for (int i = 0; i < cloud.length; i++)
			cloud[i] = (float) (4 * rnd.nextDouble());
		return Stream.of( //
			Arguments.of("d=2 grid, sxy=3", PixelFeatures.spatial(W, H, 3), 0.03, 0.015, 0.02), //
			Arguments.of("d=2 grid, sxy=1", PixelFeatures.spatial(W, H, 1), 0.05, 0.03, 0.03), //
			Arguments.of("d=3 random cloud", PixelFeatures.of(cloud, N, 3), 0.05, 0.015, 0.03), //
			Arguments.of("d=5 bilateral 5/13, smooth image", PixelFeatures.bilateral(W, H, SyntheticImages
				.smoothColour(W, H, 8, 1), 5, 13), 0.15, 0.05, 0.08), //
			Arguments.of("d=5 bilateral 5/13, noisy image", PixelFeatures.bilateral(W, H, SyntheticImages
				.smoothColour(W, H, 30, 2), 5, 13), 0.30, 0.18, 0.18));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("featureSets")
	void approximatesTheExactGaussianFilter(final String name, final PixelFeatures features,
		final double maxRawError, final double maxAverageError, final double maxMessageError)
	{
		final PermutohedralLattice lattice = PermutohedralLattice.build(features);
		final ExactGaussianFilter exact = new ExactGaussianFilter(features);
		final float[] v = SyntheticImages.randomValues(CHANNELS * N, 11);
		final float[] ones = new float[N];
		Arrays.fill(ones, 1f);

		final float[] lat1 = lattice.filter(ones, 1), ex1 = exact.filter(ones, 1);
		final float[] latV = lattice.filter(v, CHANNELS), exV = exact.filter(v, CHANNELS);
		// Global gain g: lattice ≈ g · exact (least squares on K(1)).
		final double gain = dot(lat1, ex1) / dot(ex1, ex1);
		final float[] latVScaled = latV.clone();
		for (int p = 0; p < latVScaled.length; p++)
			latVScaled[p] /= gain;
		final double rawError = relativeError(latVScaled, exV);
		// Normalised filter (weighted average) K(v) / K(1): gain-free.
		final double averageError = relativeError(divide(latV, lat1), divide(exV, ex1));
		// Symmetric message n ⊙ K(n ⊙ v), n = 1/sqrt(K(1)), as the CRF uses it: gain-free.
		final double messageError = relativeError(symmetricMessage(lattice, v), symmetricMessage(exact, v));
		System.out.printf("[PermutohedralLattice] %-34s lattice points %5d for %d pixels, gain %.3f, " +
			"rel. error raw/gain %.4f, normalised %.4f, symmetric message %.4f%n", name, lattice.latticePoints(), N,
			gain, rawError, averageError, messageError);
		assertTrue(gain > 0.3 && gain < 1.2, "gain " + gain);
		assertTrue(rawError < maxRawError, "raw error " + rawError);
		assertTrue(averageError < maxAverageError, "normalised error " + averageError);
		assertTrue(messageError < maxMessageError, "message error " + messageError);
	}

	@Test
	void constantInputGivesNearConstantOutputAwayFromTheBorder() {
		final int w = 40, h = 40, n = w * h;
		final PermutohedralLattice lattice = PermutohedralLattice.build(PixelFeatures.spatial(w, h, 3));
		final float[] ones = new float[n];
		Arrays.fill(ones, 1f);
		final float[] k1 = lattice.filter(ones, 1);
		final float[] message = symmetricMessage(lattice, ones);
		double min = Double.MAX_VALUE, max = 0, maxMessageDeviation = 0;
		for (int y = 10; y < h - 10; y++)
			for (int x = 10; x < w - 10; x++) {
				min = Math.min(min, k1[y * w + x]);
				max = Math.max(max, k1[y * w + x]);
				maxMessageDeviation = Math.max(maxMessageDeviation, Math.abs(message[y * w + x] - 1));
			}
		final double spread = (max - min) / ((max + min) / 2);
		System.out.printf("[PermutohedralLattice] constant input, interior: K(1) in [%.3f, %.3f] (spread %.4f, " +
			"exact 2*pi*9 = %.3f), |n*K(n*1) - 1| <= %.5f%n", min, max, spread, 2 * Math.PI * 9, maxMessageDeviation);
		assertTrue(spread < 0.02, "K(1) spread " + spread);
		assertTrue(maxMessageDeviation < 0.01, "message deviation " + maxMessageDeviation);
	}

	@Test
	void isNearlySymmetric() {
		final PixelFeatures features = PixelFeatures.bilateral(W, H, SyntheticImages.smoothColour(W, H, 10, 3), 5,
			13);
		final PermutohedralLattice lattice = PermutohedralLattice.build(features);
		final float[] u = SyntheticImages.randomValues(N, 21), v = SyntheticImages.randomValues(N, 22);
		final double uKv = dot(u, lattice.filter(v, 1)), Kuv = dot(lattice.filter(u, 1), v);
		final double asymmetry = Math.abs(uKv - Kuv) / Math.abs(uKv);
		System.out.printf("[PermutohedralLattice] symmetry |<u,Kv> - <Ku,v>| / <u,Kv> = %.2e%n", asymmetry);
		// Not exactly symmetric: the d+1 blur passes run in a fixed order over a sparse lattice and
		// do not commute where neighbours are missing.
		assertTrue(asymmetry < 1e-2, "asymmetry " + asymmetry);
	}

	@Test
	void barycentricWeightsAreAPartitionOfUnity() {
		final PixelFeatures features = PixelFeatures.bilateral(W, H, SyntheticImages.smoothColour(W, H, 20, 4), 5,
			13);
		final PermutohedralLattice lattice = PermutohedralLattice.build(features);
		for (int i = 0; i < N; i++) {
			double sum = 0;
			for (int k = 0; k <= features.dimensions(); k++) {
				final float b = lattice.barycentricWeight(i, k);
				assertTrue(b >= -1e-6f && b <= 1 + 1e-6f, "weight " + b + " at pixel " + i);
				sum += b;
			}
			assertEquals(1.0, sum, 1e-5, "pixel " + i);
		}
	}

	@Test
	void isLinear() {
		final PermutohedralLattice lattice = PermutohedralLattice.build(PixelFeatures.spatial(W, H, 2));
		final float[] u = SyntheticImages.randomValues(N, 31), v = SyntheticImages.randomValues(N, 32);
		final float[] mix = new float[N];
		for (int i = 0; i < N; i++)
			mix[i] = 2 * u[i] - 0.5f * v[i];
		final float[] ku = lattice.filter(u, 1), kv = lattice.filter(v, 1), kmix = lattice.filter(mix, 1);
		for (int i = 0; i < N; i++)
			assertEquals(2 * ku[i] - 0.5f * kv[i], kmix[i], 1e-4f * (1 + Math.abs(kmix[i])));
	}

	@Test
	void channelsFilteredTogetherEqualChannelsFilteredAlone() {
		// Large enough for the parallel path.
		final int w = 120, h = 100, n = w * h, channels = 5;
		final PermutohedralLattice lattice = PermutohedralLattice.build(PixelFeatures.bilateral(w, h,
			SyntheticImages.smoothColour(w, h, 10, 5), 5, 13));
		final float[] v = SyntheticImages.randomValues(channels * n, 41);
		final float[] together = lattice.filter(v, channels);
		for (int c = 0; c < channels; c++) {
			final float[] alone = lattice.filter(Arrays.copyOfRange(v, c * n, (c + 1) * n), 1);
			assertArrayEquals(alone, Arrays.copyOfRange(together, c * n, (c + 1) * n), "channel " + c);
		}
		assertArrayEquals(together, lattice.filter(v, channels), "repeat call");
	}

	@Test
	void rejectsMismatchedValueArrays() {
		final PermutohedralLattice lattice = PermutohedralLattice.build(PixelFeatures.spatial(4, 3, 1));
		assertThrows(IllegalArgumentException.class, () -> lattice.filter(new float[11], 1));
		assertThrows(IllegalArgumentException.class, () -> lattice.filter(new float[12], 2));
		assertThrows(IllegalArgumentException.class, () -> lattice.filter(new float[0], 0));
		assertThrows(IllegalArgumentException.class, () -> PixelFeatures.of(new float[] { 1, Float.NaN }, 1, 2));
		assertThrows(IllegalArgumentException.class, () -> PixelFeatures.of(new float[5], 2, 2));
		assertThrows(IllegalArgumentException.class, () -> PermutohedralLattice.build(PixelFeatures.of(new float[] {
			0, 3e9f }, 1, 2)));
	}

	static float[] symmetricMessage(final GaussianFilter filter, final float[] v) {
		final int n = filter.pixels(), channels = v.length / n;
		final float[] ones = new float[n];
		Arrays.fill(ones, 1f);
		final float[] norm = filter.filter(ones, 1);
		for (int i = 0; i < n; i++)
			norm[i] = (float) (1 / Math.sqrt(norm[i] + 1e-20));
		final float[] scaled = new float[v.length];
		for (int p = 0; p < v.length; p++)
			scaled[p] = norm[p % n] * v[p];
		final float[] out = filter.filter(scaled, channels);
		for (int p = 0; p < out.length; p++)
			out[p] *= norm[p % n];
		return out;
	}

	static double relativeError(final float[] approx, final float[] exact) {
		double num = 0, den = 0;
		for (int p = 0; p < exact.length; p++) {
			num += (approx[p] - exact[p]) * (double) (approx[p] - exact[p]);
			den += exact[p] * (double) exact[p];
		}
		return Math.sqrt(num / den);
	}

	private static float[] divide(final float[] v, final float[] k1) {
		final int n = k1.length;
		final float[] out = new float[v.length];
		for (int p = 0; p < v.length; p++)
			out[p] = v[p] / k1[p % n];
		return out;
	}

	private static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int p = 0; p < a.length; p++)
			s += a[p] * (double) b[p];
		return s;
	}
}
