package sc.fiji.dinovit.algorithms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeans;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.cluster.Pca;
import sc.fiji.dinovit.algorithms.correspondence.BestBuddies;
import sc.fiji.dinovit.algorithms.crf.DenseCrf;
import sc.fiji.dinovit.algorithms.crf.DenseCrfSettings;
import sc.fiji.dinovit.algorithms.grabcut.GrabCut;
import sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels;
import sc.fiji.dinovit.algorithms.grabcut.RgbImage;
import sc.fiji.dinovit.testutil.CancellingProgress;

/**
 * Esc stops every long loop within a second: each algorithm runs on an input that would take many
 * seconds (or minutes), the user "presses Esc" {@value #CANCEL_AFTER_MS} ms in, and the
 * {@link CancellationException} must come less than {@value #MAX_LATENCY_MS} ms after that.
 */
class CancelLatencyTest {

	static final long CANCEL_AFTER_MS = 300;
	static final long MAX_LATENCY_MS = 1000;

	/** Runs {@code work}, which must end with a cancel, and checks how soon after Esc it ended. */
	private static void assertStopsSoon(final CancellingProgress esc, final Executable work) {
		assertThrows(CancellationException.class, work);
		final long end = System.nanoTime();
		final long pressed = esc.cancelledAtNanos();
		assertTrue(pressed != Long.MIN_VALUE, "the run ended before Esc was pressed: input not big enough");
		final double latencyMs = (end - pressed) / 1e6;
		assertTrue(latencyMs < MAX_LATENCY_MS, "stopped " + latencyMs + " ms after Esc, limit " + MAX_LATENCY_MS);
	}

	private static float[] gaussian(final int n, final int dim, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] x = new float[n * dim];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextGaussian() + (i / dim) % 7;
		return x;
	}

	@Test
	void kMeansStopsWithinOneFit() {
		// sklearn-like, no subsampling: 40,000 x 256, k = 14, 10 restarts x 300 iterations (minutes).
		final float[] x = gaussian(40_000, 256, 1);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> new KMeans(KMeansConfig.sklearnLike(14).withTolerance(0).withSeed(3)).fit(x, 256,
			esc));
	}

	@Test
	void kMeansWithThreadsStopsToo() {
		final float[] x = gaussian(40_000, 256, 2);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> new KMeans(KMeansConfig.faissLike(14).withMaxPointsPerCentroid(0).withThreads(2))
			.fit(x, 256, esc));
	}

	@Test
	void elbowSearchStopsInsideAFit() {
		// The assigned set is a plain array (it never checks): the checks must come from the fits.
		final float[] x = gaussian(40_000, 256, 4);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		final ElbowSearch search = new ElbowSearch(KMeansConfig.faissLike(1).withMaxPointsPerCentroid(0), 0.999, 14);
		assertStopsSoon(esc, () -> search.run(x, DescriptorSource.of(x, 256), esc));
	}

	@Test
	void cancelAfterFewChecksStopsAtOnceAndTheSameFitWithoutCancelIsUnchanged() {
		final float[] x = gaussian(3_000, 16, 5);
		final KMeans kMeans = new KMeans(KMeansConfig.faissLike(5).withSeed(7));
		final CancellingProgress counting = CancellingProgress.after(Integer.MAX_VALUE);
		final var withChecks = kMeans.fit(x, 16, counting);
		final var without = kMeans.fit(x, 16);
		assertEquals(without.objective(), withChecks.objective());
		assertTrue(counting.questions() > 300, "a 10-restart fit asks at least once per iteration, asked " +
			counting.questions());
		final CancellingProgress esc = CancellingProgress.after(counting.questions() / 2);
		assertStopsSoon(esc, () -> kMeans.fit(x, 16, esc));
		assertEquals(counting.questions() / 2 + 1, esc.questions(), "no question after the cancel");
	}

	@Test
	void grabCutStopsWithinAnIteration() {
		final int w = 500, h = 500;
		final SplittableRandom r = new SplittableRandom(8);
		final int[] px = new int[w * h];
		final byte[] labels = new byte[w * h];
		for (int i = 0; i < px.length; i++) {
			final int x = i % w, y = i / w;
			final boolean inside = Math.abs(x - w / 2) < w / 4 && Math.abs(y - h / 2) < h / 4;
			px[i] = r.nextInt(0x1000000) & (inside ? 0xFF80FF : 0x80FFFF);
			labels[i] = x < 4 || y < 4 ? GrabCutLabels.BGD : inside ? GrabCutLabels.PR_FGD : GrabCutLabels.PR_BGD;
		}
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> new GrabCut(1).segment(new RgbImage(w, h, px), labels, 1000, esc));
	}

	@Test
	void denseCrfStopsWithinAnIteration() {
		final int w = 400, h = 400, labels = 4;
		final SplittableRandom r = new SplittableRandom(9);
		final int[] rgb = new int[w * h];
		final float[] unary = new float[labels * w * h];
		for (int i = 0; i < rgb.length; i++)
			rgb[i] = r.nextInt(0x1000000);
		for (int i = 0; i < unary.length; i++)
			unary[i] = (float) r.nextDouble();
		// The lattice is built once per image (a fraction of a second at the pipeline's sizes); the
		// iterations are the long loop.
		final DenseCrf crf = DenseCrf.forRgbImage(w, h, rgb, DenseCrfSettings.REFERENCE);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> crf.infer(unary, labels, 100_000, esc));
	}

	@Test
	void bestBuddiesStopWithinABlock() {
		// 20,000 x 20,000 patches of 384 values: 1.5e11 multiply-adds.
		final float[] a = gaussian(20_000, 384, 10), b = gaussian(20_000, 384, 11);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> BestBuddies.of(a, 20_000, b, 20_000, 384, esc));
	}

	@Test
	void pcaStopsWithinAPass() {
		// 60,000 x 600: the covariance pass alone is ~1e10 multiply-adds.
		final float[] x = gaussian(60_000, 600, 12);
		final CancellingProgress esc = CancellingProgress.afterMillis(CANCEL_AFTER_MS);
		assertStopsSoon(esc, () -> Pca.of(3).withSolver(Pca.Solver.SUBSPACE).fit(List.of(x), 600, esc));
	}
}
