package sc.fiji.dinovit.algorithms.coseg;

import sc.fiji.dinovit.algorithms.grabcut.GrabCut;
import sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels;
import sc.fiji.dinovit.algorithms.grabcut.GrabCutRefiner;
import sc.fiji.dinovit.algorithms.grabcut.NotEnoughSamplesException;
import sc.fiji.dinovit.algorithms.grabcut.RgbImage;
import sc.fiji.dinovit.algorithms.grabcut.Trimap;

/**
 * The reference's GrabCut refinement (same steps as {@link GrabCutRefiner}: 7x7 trimap, 5
 * iterations, coarse mask on failure), but reporting whether it fell back. Frame: the resized
 * image. Stateless apart from the immutable GrabCut instance; thread-safe.
 */
final class MaskRefinement {

	record Refined(boolean[] mask, GrabCutOutcome outcome) {}

	private final GrabCut grabCut = new GrabCut();

	Refined refine(final RgbImage image, final boolean[] coarse) {
		final byte[] trimap = Trimap.fromCoarseMask(coarse, image.width(), image.height());
		try {
			return new Refined(GrabCutLabels.foreground(grabCut.segment(image, trimap,
				GrabCutRefiner.REFERENCE_ITERATIONS)), GrabCutOutcome.REFINED);
		}
		catch (final NotEnoughSamplesException e) {
			return new Refined(coarse.clone(), GrabCutOutcome.FELL_BACK);
		}
	}
}
