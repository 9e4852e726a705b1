package sc.fiji.dinovit.algorithms.coseg;

/** What happened in the GrabCut refinement of one image's mask. */
public enum GrabCutOutcome {
	/** GrabCut ran; the mask is its result. */
	REFINED,
	/**
	 * GrabCut could not run because the coarse mask left one colour model without samples (the
	 * mask was (almost) empty or (almost) full); the mask is the upsampled coarse mask, as in the
	 * reference.
	 */
	FELL_BACK,
	/** GrabCut was turned off in the settings, or the image is an outlier (empty mask). */
	SKIPPED
}
