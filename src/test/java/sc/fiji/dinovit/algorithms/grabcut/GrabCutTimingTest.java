package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reports the refinement time on the 224 x 298 fixture; only fails if it is absurdly slow. */
class GrabCutTimingTest {

	@Test
	void refineRocket224x298() {
		final GrabCutFixtures f = GrabCutFixtures.load("rocket");
		final GrabCutRefiner refiner = new GrabCutRefiner();
		for (int warm = 0; warm < 3; warm++)
			refiner.refine(f.image, f.coarse);
		long best = Long.MAX_VALUE, total = 0;
		final int runs = 5;
		for (int run = 0; run < runs; run++) {
			final long t0 = System.nanoTime();
			refiner.refine(f.image, f.coarse);
			final long t = System.nanoTime() - t0;
			best = Math.min(best, t);
			total += t;
		}
		System.out.printf("GrabCut refine (trimap + 5 iterations) on %d x %d: best %.1f ms, mean %.1f ms%n", f.image
			.height(), f.image.width(), best / 1e6, total / 1e6 / runs);
		assertTrue(best < 5_000_000_000L, "refinement took " + best / 1e6 + " ms");
	}
}
