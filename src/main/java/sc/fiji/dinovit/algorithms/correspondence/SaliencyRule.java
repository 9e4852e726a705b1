package sc.fiji.dinovit.algorithms.correspondence;

/**
 * Which best buddies survive the saliency filter (reference section 5.2, step 5). Both rules keep
 * A-patch i only if it is a best buddy and salient (saliency_A[i] &gt; threshold); they differ in how
 * B's saliency enters.
 */
public enum SaliencyRule {

	/**
	 * The reference's exact rule: i must also be the nearest A-patch of at least one salient
	 * B-patch, i in {nnBA[j] : saliency_B[j] &gt; threshold}. This is a looser proxy for "the partner is
	 * salient": it also keeps a pair whose partner nnAB[i] is background when some other, salient
	 * B-patch has i as its nearest neighbour. The default, for parity with the reference.
	 */
	REFERENCE,

	/** The stricter rule: the partner itself must be salient, saliency_B[nnAB[i]] &gt; threshold. */
	PARTNER_SALIENT
}
