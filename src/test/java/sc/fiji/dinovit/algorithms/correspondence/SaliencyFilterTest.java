package sc.fiji.dinovit.algorithms.correspondence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaliencyFilterTest {

	// A: a0 = x axis, a1 = y axis. B: b0 close to a0 (background), b1 farther from a0 but still
	// nearest to it (salient), b2 near a1 (salient). a0 and b0 are best buddies; a1 and b2 too.
	private static final float[] A = { 1, 0, 0, 0, 1, 0 };
	private static final float[] B = { 1, 0.1f, 0, 1, 0.6f, 0, 0, 1, 0.1f };

	private final BestBuddies bb = BestBuddies.of(A, 2, B, 3, 3);

	@Test
	void setUpIsAsPlanted() {
		assertArrayEquals(new int[] { 0, 2 }, bb.nnABArray());
		assertArrayEquals(new int[] { 0, 0, 1 }, bb.nnBAArray());
		assertArrayEquals(new int[] { 0, 1 }, bb.buddies());
	}

	@Test
	void referenceRuleKeepsAPairWhosePartnerIsBackground() {
		final float[] salA = { 0.9f, 0.9f };
		final float[] salB = { 0.01f, 0.8f, 0.8f };
		assertArrayEquals(new int[] { 0, 1 }, SaliencyFilter.survivors(bb, salA, salB, 0.05f,
			SaliencyRule.REFERENCE), "a0 is the nearest A patch of the salient b1");
		assertArrayEquals(new int[] { 1 }, SaliencyFilter.survivors(bb, salA, salB, 0.05f,
			SaliencyRule.PARTNER_SALIENT), "a0's partner b0 is background");
	}

	@Test
	void bothRulesAgreeWhenThePartnerIsSalient() {
		final float[] salA = { 0.9f, 0.9f };
		final float[] salB = { 0.3f, 0.01f, 0.8f };
		for (final SaliencyRule r : SaliencyRule.values())
			assertArrayEquals(new int[] { 0, 1 }, SaliencyFilter.survivors(bb, salA, salB, 0.05f, r));
	}

	@Test
	void aPatchMustBeStrictlyAboveTheThreshold() {
		final float[] salA = { 0.05f, 0.9f };
		final float[] salB = { 0.8f, 0.8f, 0.8f };
		assertArrayEquals(new int[] { 1 }, SaliencyFilter.survivors(bb, salA, salB, 0.05f, SaliencyRule.REFERENCE));
		assertEquals(0, SaliencyFilter.survivors(bb, salA, new float[3], 0.05f, SaliencyRule.REFERENCE).length);
	}
}
