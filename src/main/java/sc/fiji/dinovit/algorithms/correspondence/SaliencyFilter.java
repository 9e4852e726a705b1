package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;

/** The saliency filter of the correspondence search; see {@link SaliencyRule}. Stateless. */
final class SaliencyFilter {

	private SaliencyFilter() {}

	/**
	 * The A indices that survive, ascending.
	 *
	 * @param threshold a patch is salient (foreground) if its saliency is strictly greater
	 */
	static int[] survivors(final BestBuddies bb, final float[] saliencyA, final float[] saliencyB,
		final float threshold, final SaliencyRule rule)
	{
		final boolean[] nearestOfSalientB = new boolean[bb.numA()];
		for (int j = 0; j < bb.numB(); j++)
			if (saliencyB[j] > threshold) nearestOfSalientB[bb.nnBA(j)] = true;
		final int[] out = new int[bb.numA()];
		int count = 0;
		for (final int i : bb.buddies()) {
			if (!(saliencyA[i] > threshold)) continue;
			final boolean bOk = rule == SaliencyRule.REFERENCE ? nearestOfSalientB[i]
				: saliencyB[bb.nnAB(i)] > threshold;
			if (bOk) out[count++] = i;
		}
		return Arrays.copyOf(out, count);
	}
}
