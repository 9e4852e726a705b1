package sc.fiji.dinovit.algorithms.parts;

import java.util.List;

/**
 * The outcome of part co-segmentation: one label image per <em>original</em> input (augmentations
 * are not returned), in the order the originals were given, each in its original pixel grid; the
 * number of parts K (ids 1..K, 0 = background); and diagnostics. Immutable.
 */
public final class PartCosegmentationResult {

	private final List<PartLabelImage> labels;
	private final int numParts;
	private final PartDiagnostics diagnostics;

	PartCosegmentationResult(final List<PartLabelImage> labels, final int numParts,
		final PartDiagnostics diagnostics)
	{
		this.labels = List.copyOf(labels);
		this.numParts = numParts;
		this.diagnostics = diagnostics;
	}

	/** Label images of the original inputs, in input order. */
	public List<PartLabelImage> labels() { return labels; }

	/** The label image of the i-th original input (augmentations not counted). */
	public PartLabelImage labels(final int original) { return labels.get(original); }

	/**
	 * Number of parts K. Can be below num_parts when k-means centroids got no descriptor; a part may
	 * still cover no pixel after the CRF (its area in {@link PartDiagnostics#partAreas()} is 0).
	 */
	public int numParts() { return numParts; }

	public PartDiagnostics diagnostics() { return diagnostics; }
}
