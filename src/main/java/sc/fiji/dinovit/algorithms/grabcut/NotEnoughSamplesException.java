package sc.fiji.dinovit.algorithms.grabcut;

/**
 * GrabCut cannot build one of its two colour models: the label map has no (or, at the start,
 * fewer than {@link GrabCut#COMPONENTS}) background pixels ({@code BGD} or {@code PR_BGD}) or
 * foreground pixels ({@code FGD} or {@code PR_FGD}). OpenCV's {@code grabCut} fails in the same
 * situations (its k-means refuses fewer samples than clusters), and the reference pipeline then
 * keeps the coarse mask; {@link GrabCutRefiner} does the same.
 */
public class NotEnoughSamplesException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean foreground;
	private final int samples;

	public NotEnoughSamplesException(final boolean foreground, final int samples, final int needed) {
		super("GrabCut needs at least " + needed + " " + (foreground ? "foreground (FGD or PR_FGD)"
			: "background (BGD or PR_BGD)") + " pixels to model their colours, but the label map has " +
			samples + (foreground ? "; the mask is (almost) all background" : "; the mask is (almost) all foreground"));
		this.foreground = foreground;
		this.samples = samples;
	}

	/** True if the foreground model lacks samples, false if the background model does. */
	public boolean isForeground() {
		return foreground;
	}

	/** How many samples the model had. */
	public int samples() {
		return samples;
	}
}
