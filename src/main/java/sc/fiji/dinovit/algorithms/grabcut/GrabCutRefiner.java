package sc.fiji.dinovit.algorithms.grabcut;

import sc.fiji.dinovit.util.Progress;

/**
 * The reference's mask refinement (reference-behaviour.md section 3.2 step 9): builds the
 * {@link Trimap} of a coarse foreground mask, runs {@link GrabCut} on it and returns the pixels
 * labelled {@code FGD} or {@code PR_FGD}. When GrabCut cannot run because the mask leaves one
 * colour model without samples ({@link NotEnoughSamplesException}: (almost) all foreground or
 * all background), the coarse mask is returned unchanged, as the reference does.
 */
public final class GrabCutRefiner {

	/** GrabCut iterations of the reference. */
	public static final int REFERENCE_ITERATIONS = 5;

	private final GrabCut grabCut;

	/** A refiner with {@link GrabCut#DEFAULT_SEED}. */
	public GrabCutRefiner() {
		this(new GrabCut());
	}

	public GrabCutRefiner(final GrabCut grabCut) {
		this.grabCut = grabCut;
	}

	/** What a refinement did. */
	public enum Outcome {
		/** GrabCut ran; the mask is its result. */
		REFINED,
		/** GrabCut could not run (a colour model had no samples); the mask is a copy of the coarse one. */
		FELL_BACK
	}

	/** A refined mask and how it was obtained. */
	public record Refinement(boolean[] mask, Outcome outcome) {}

	/**
	 * @param image the resized RGB image the mask belongs to
	 * @param coarseMask foreground pixels, row-major, same size as the image; not modified
	 * @param iterations GrabCut iterations ({@link #REFERENCE_ITERATIONS} in the reference)
	 * @return a new foreground mask (GrabCut's, or a copy of the coarse mask if GrabCut cannot run)
	 *         with the outcome
	 */
	public Refinement refineWithOutcome(final RgbImage image, final boolean[] coarseMask, final int iterations) {
		return refineWithOutcome(image, coarseMask, iterations, Progress.NONE);
	}

	/**
	 * As {@link #refineWithOutcome(RgbImage, boolean[], int)}, checking {@code cancel} at every
	 * GrabCut step.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public Refinement refineWithOutcome(final RgbImage image, final boolean[] coarseMask, final int iterations,
		final Progress cancel)
	{
		final byte[] trimap = Trimap.fromCoarseMask(coarseMask, image.width(), image.height());
		try {
			return new Refinement(GrabCutLabels.foreground(grabCut.segment(image, trimap, iterations, cancel)),
				Outcome.REFINED);
		}
		catch (final NotEnoughSamplesException e) {
			return new Refinement(coarseMask.clone(), Outcome.FELL_BACK);
		}
	}

	/** {@link #refineWithOutcome(RgbImage, boolean[], int)} with the reference's 5 iterations. */
	public Refinement refineWithOutcome(final RgbImage image, final boolean[] coarseMask) {
		return refineWithOutcome(image, coarseMask, REFERENCE_ITERATIONS);
	}

	/**
	 * The mask of {@link #refineWithOutcome(RgbImage, boolean[], int)}: GrabCut's, or a copy of the
	 * coarse mask if GrabCut cannot run.
	 */
	public boolean[] refine(final RgbImage image, final boolean[] coarseMask, final int iterations) {
		return refineWithOutcome(image, coarseMask, iterations).mask();
	}

	/** {@link #refine(RgbImage, boolean[], int)} with the reference's 5 iterations. */
	public boolean[] refine(final RgbImage image, final boolean[] coarseMask) {
		return refine(image, coarseMask, REFERENCE_ITERATIONS);
	}
}
