package sc.fiji.dinovit.algorithms.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PckTest {

	@Test
	void countsPointsWithinAlphaTimesNormaliser() {
		final double[] gt = { 10, 10, 50, 50, 100, 20, 0, 0 };
		final double[] pred = { 13, 14, 50, 61, 100, 20, 30, 40 }; // distances 5, 11, 0, 50
		final double norm = Pck.imageNormaliser(200, 100); // 200
		assertEquals(new PckResult(2, 4), Pck.evaluate(pred, gt, 0.05, norm)); // threshold 10
		assertEquals(new PckResult(3, 4), Pck.evaluate(pred, gt, 0.055, norm)); // 11: inclusive
		assertEquals(new PckResult(4, 4), Pck.evaluate(pred, gt, 0.25, norm));
		assertEquals(0.75, Pck.evaluate(pred, gt, 0.055, norm).fraction());
	}

	@Test
	void boundingBoxNormaliserAndPooling() {
		assertEquals(40, Pck.boundingBoxNormaliser(10, 20, 50, 45));
		assertEquals(new PckResult(3, 7), new PckResult(1, 3).plus(new PckResult(2, 4)));
		assertTrue(Double.isNaN(new PckResult(0, 0).fraction()));
	}

	@Test
	void rejectsBadInput() {
		assertThrows(IllegalArgumentException.class, () -> Pck.evaluate(new double[2], new double[4], 0.1, 10));
		assertThrows(IllegalArgumentException.class, () -> Pck.evaluate(new double[3], new double[3], 0.1, 10));
		assertThrows(IllegalArgumentException.class, () -> Pck.evaluate(new double[2], new double[2], 0.1, 0));
		assertThrows(IllegalArgumentException.class, () -> Pck.boundingBoxNormaliser(5, 0, 1, 1));
	}
}
