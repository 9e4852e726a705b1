package sc.fiji.dinovit.algorithms.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mean-field inference of the dense CRF with the reference's kernels. */
class DenseCrfTest {

	private static final DenseCrfSettings REFERENCE = DenseCrfSettings.REFERENCE;

	@Test
	void referenceSettingsAreThoseOfThePartCosegmentation() {
		assertEquals(new DenseCrfSettings(3, 50, 5, 13, 15, 10), DenseCrfSettings.defaults());
		assertEquals(20, REFERENCE.withIterations(20).iterations());
		assertThrows(IllegalArgumentException.class, () -> REFERENCE.withGaussian(0, 50));
		assertThrows(IllegalArgumentException.class, () -> REFERENCE.withBilateral(5, 13, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> REFERENCE.withIterations(-1));
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3 })
	void latticeAndExactFiltersGiveTheSameLabels(final long seed) {
		// Two regions with noisy colours (sd 25) and noisy unaries (~77% correct argmin).
		final int w = 40, h = 40, n = w * h, labels = 2;
		final int[] truth = SyntheticImages.disc(w, h, 12);
		final int[] rgb = SyntheticImages.colourRegions(truth, 25, seed);
		final float[] unary = SyntheticImages.noisyUnary(truth, labels, 1.0, 1.5, 0.2, seed + 10);
		final CrfResult lattice = DenseCrf.forRgbImage(w, h, rgb, REFERENCE).infer(unary, labels);
		final CrfResult exact = DenseCrf.forRgbImage(w, h, rgb, REFERENCE, GaussianFilter.Factory.EXACT).infer(unary,
			labels);
		final double agreement = SyntheticImages.accuracy(lattice.labels(), exact.labels());
		final float[] qLattice = lattice.probabilities(), qExact = exact.probabilities();
		double meanQDifference = 0;
		for (int p = 0; p < labels * n; p++)
			meanQDifference += Math.abs(qLattice[p] - qExact[p]) / (labels * n);
		System.out.printf("[DenseCrf] lattice vs exact, 40x40 two regions, seed %d: accuracy unary %.4f, " +
			"lattice %.4f, exact %.4f; label agreement %.4f, mean |dQ| %.4f%n", seed, SyntheticImages.accuracy(
				SyntheticImages.unaryArgmin(unary, labels, n), truth), SyntheticImages.accuracy(lattice.labels(), truth),
			SyntheticImages.accuracy(exact.labels(), truth), agreement, meanQDifference);
		assertTrue(agreement >= 0.98, "agreement " + agreement);
	}

	@Test
	void removesSaltAndPepperLabelNoise() {
		final int w = 64, h = 48, n = w * h, labels = 3;
		final int[] truth = SyntheticImages.stripes(w, h, 16, labels);
		final int[] rgb = SyntheticImages.colourRegions(truth, 8, 3);
		final float[] unary = SyntheticImages.noisyUnary(truth, labels, 2.0, 0.5, 0.15, 4);
		final double before = SyntheticImages.accuracy(SyntheticImages.unaryArgmin(unary, labels, n), truth);
		final double after = SyntheticImages.accuracy(DenseCrf.forRgbImage(w, h, rgb, REFERENCE).infer(unary, labels)
			.labels(), truth);
		System.out.printf("[DenseCrf] salt and pepper, 64x48 three stripes: accuracy %.4f -> %.4f%n", before,
			after);
		assertTrue(before < 0.9, "the noise should matter: " + before);
		assertTrue(after > 0.99, "accuracy after CRF " + after);
	}

	@Test
	void isDeterministic() {
		final int w = 96, h = 80, labels = 4;
		final int[] truth = SyntheticImages.stripes(w, h, 24, labels);
		final int[] rgb = SyntheticImages.colourRegions(truth, 10, 5);
		final float[] unary = SyntheticImages.noisyUnary(truth, labels, 1.0, 1.0, 0.3, 6);
		final DenseCrf crf = DenseCrf.forRgbImage(w, h, rgb, REFERENCE);
		final CrfResult first = crf.infer(unary, labels);
		final CrfResult again = crf.infer(unary, labels);
		final CrfResult rebuilt = DenseCrf.forRgbImage(w, h, rgb, REFERENCE).infer(unary, labels);
		assertArrayEquals(first.probabilities(), again.probabilities());
		assertArrayEquals(first.probabilities(), rebuilt.probabilities());
		assertArrayEquals(first.labels(), rebuilt.labels());
	}

	@Test
	void zeroIterationsGiveTheSoftmaxOfTheNegatedUnary() {
		final int w = 5, h = 4, n = w * h, labels = 3;
		final float[] unary = SyntheticImages.randomValues(labels * n, 8);
		final CrfResult r = DenseCrf.forRgbImage(w, h, new int[n], REFERENCE).infer(unary, labels, 0);
		for (int i = 0; i < n; i++) {
			double z = 0;
			for (int l = 0; l < labels; l++)
				z += Math.exp(-unary[l * n + i]);
			for (int l = 0; l < labels; l++)
				assertEquals(Math.exp(-unary[l * n + i]) / z, r.probability(l, i), 1e-6);
		}
		assertArrayEquals(SyntheticImages.unaryArgmin(unary, labels, n), r.labels());
	}

	@Test
	void marginalsSumToOne() {
		final int w = 30, h = 20, n = w * h, labels = 4;
		final float[] unary = SyntheticImages.randomValues(labels * n, 9);
		final CrfResult r = DenseCrf.forRgbImage(w, h, SyntheticImages.smoothColour(w, h, 10, 9), REFERENCE).infer(
			unary, labels);
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int l = 0; l < labels; l++)
				s += r.probability(l, i);
			assertEquals(1.0, s, 1e-5);
		}
	}

	@Test
	void pottsWeightPullsAPixelTowardsItsNeighboursLabel() {
		// Label 1 is slightly preferred everywhere except at the centre, which slightly prefers 0: a
		// positive Potts weight must flip the centre to 1 (+w·M on the logits), a zero weight must not.
		final int w = 9, h = 9, n = w * h, centre = 4 * w + 4;
		final float[] unary = new float[2 * n];
		for (int i = 0; i < n; i++) {
			unary[i] = 0.5f;
			unary[n + i] = 0f;
		}
		unary[centre] = 0f;
		unary[n + centre] = 0.5f;
		final PixelFeatures features = PixelFeatures.spatial(w, h, 3);
		for (final GaussianFilter.Factory factory : List.of(GaussianFilter.Factory.PERMUTOHEDRAL,
			GaussianFilter.Factory.EXACT))
		{
			assertEquals(1, new DenseCrf(w, h, List.of(new PottsKernel(features, 5)), factory, 5).infer(unary, 2)
				.label(centre));
			assertEquals(0, new DenseCrf(w, h, List.of(new PottsKernel(features, 0)), factory, 5).infer(unary, 2)
				.label(centre));
		}
	}

	@Test
	void oneCrfServesSeveralInferencesWithDifferentLabelCounts() {
		final int w = 32, h = 24, n = w * h;
		final int[] truth2 = SyntheticImages.stripes(w, h, 16, 2), truth4 = SyntheticImages.stripes(w, h, 8, 4);
		final DenseCrf crf = DenseCrf.forRgbImage(w, h, SyntheticImages.colourRegions(truth4, 5, 10), REFERENCE);
		assertEquals(2, crf.infer(SyntheticImages.noisyUnary(truth2, 2, 2, 0.2, 0, 11), 2).labelCount());
		final CrfResult four = crf.infer(SyntheticImages.noisyUnary(truth4, 4, 2, 0.2, 0, 12), 4);
		assertEquals(4 * n, four.probabilities().length);
		assertTrue(SyntheticImages.accuracy(four.labels(), truth4) > 0.95);
	}

	@Test
	void rejectsInvalidInput() {
		final int w = 6, h = 5, n = w * h;
		final DenseCrf crf = DenseCrf.forRgbImage(w, h, new int[n], REFERENCE);
		assertThrows(IllegalArgumentException.class, () -> crf.infer(new float[2 * n - 1], 2));
		assertThrows(IllegalArgumentException.class, () -> crf.infer(new float[0], 0));
		assertThrows(IllegalArgumentException.class, () -> crf.infer(new float[2 * n], 2, -1));
		final float[] nan = new float[2 * n];
		nan[n + 3] = Float.NaN;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> crf.infer(nan, 2));
		assertTrue(e.getMessage().contains("label 1 at pixel 3"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> DenseCrf.forRgbImage(w, h, new int[n - 1], REFERENCE));
		assertThrows(IllegalArgumentException.class, () -> new DenseCrf(w, h, List.of(new PottsKernel(PixelFeatures
			.spatial(w + 1, h, 3), 1)), GaussianFilter.Factory.PERMUTOHEDRAL, 10));
	}

	@Test
	void timingAtTheReferenceImageSize() {
		// Not asserted: printed for the record. 224x298 is a typical load_size-224 image.
		final int w = 224, h = 298, n = w * h, labels = 5;
		final int[] truth = SyntheticImages.stripes(w, h, 45, labels);
		final int[] rgb = SyntheticImages.colourRegions(truth, 10, 13);
		final float[] unary = SyntheticImages.noisyUnary(truth, labels, 1.0, 1.0, 0.3, 14);
		for (int run = 1; run <= 2; run++) {
			final long t0 = System.nanoTime();
			final DenseCrf crf = DenseCrf.forRgbImage(w, h, rgb, REFERENCE);
			final long t1 = System.nanoTime();
			final CrfResult r = crf.infer(unary, labels);
			final long t2 = System.nanoTime();
			System.out.printf("[DenseCrf] timing run %d, %dx%d, %d labels, %d iterations: build %.0f ms, " +
				"inference %.0f ms, total %.0f ms (accuracy %.4f, %d threads available)%n", run, w, h, labels,
				REFERENCE.iterations(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6, SyntheticImages.accuracy(r
					.labels(), truth), Runtime.getRuntime().availableProcessors());
			assertEquals(n, r.labels().length);
		}
	}
}
