package sc.fiji.dinovit.algorithms.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MaskMetricsTest {

	private static final boolean T = true;
	private static final boolean F = false;

	@Test
	void jaccardAndPixelAccuracy() {
		final boolean[] pred = { T, T, F, F, T, F };
		final boolean[] gt = { T, F, F, T, T, F };
		assertEquals(2.0 / 4.0, MaskMetrics.jaccard(pred, gt), 1e-15);
		assertEquals(4.0 / 6.0, MaskMetrics.precision(pred, gt), 1e-15);
	}

	@Test
	void edgeCases() {
		assertEquals(1.0, MaskMetrics.jaccard(new boolean[3], new boolean[3]), "both empty");
		assertEquals(0.0, MaskMetrics.jaccard(new boolean[] { T, F }, new boolean[] { F, T }));
		assertEquals(1.0, MaskMetrics.precision(new boolean[3], new boolean[3]));
		assertThrows(IllegalArgumentException.class, () -> MaskMetrics.precision(new boolean[0], new boolean[0]));
		assertThrows(IllegalArgumentException.class, () -> MaskMetrics.jaccard(new boolean[1], new boolean[2]));
	}
}
