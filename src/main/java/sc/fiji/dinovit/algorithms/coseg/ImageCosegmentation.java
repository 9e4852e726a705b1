package sc.fiji.dinovit.algorithms.coseg;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * The co-segmentation of one image: the final mask in the original image's pixels, plus the
 * intermediate results that explain it. Immutable: array accessors return copies.
 * <p>
 * Frames: {@link #mask()} is in original pixels; {@link #resizedMask()} and
 * {@link #coarseMask()} are in resized-image pixels (the frame of {@link #grid()});
 * {@link #patchLabels()} and {@link #labelSaliency()} are per patch and per cluster label.
 */
public final class ImageCosegmentation {

	private final BinaryMask mask;
	private final BinaryMask resizedMask;
	private final BinaryMask coarseMask;
	private final PatchGrid grid;
	private final int[] patchLabels;
	private final double[] labelSaliency;
	private final boolean outlier;
	private final double clsSimilarity;
	private final GrabCutOutcome grabCut;

	ImageCosegmentation(final BinaryMask mask, final BinaryMask resizedMask, final BinaryMask coarseMask,
		final PatchGrid grid, final int[] patchLabels, final double[] labelSaliency, final boolean outlier,
		final double clsSimilarity, final GrabCutOutcome grabCut)
	{
		this.mask = mask;
		this.resizedMask = resizedMask;
		this.coarseMask = coarseMask;
		this.grid = grid;
		this.patchLabels = patchLabels;
		this.labelSaliency = labelSaliency;
		this.outlier = outlier;
		this.clsSimilarity = clsSimilarity;
		this.grabCut = grabCut;
	}

	/** The foreground mask in the original image's pixels: the result. */
	public BinaryMask mask() { return mask; }

	/** The final mask in resized-image pixels (after GrabCut, before mapping to the original size). */
	public BinaryMask resizedMask() { return resizedMask; }

	/** The salient patches upsampled to resized-image pixels, before GrabCut. */
	public BinaryMask coarseMask() { return coarseMask; }

	/** The image's patch grid (resized-image pixels). */
	public PatchGrid grid() { return grid; }

	/** Cluster label of every patch, row-major over the grid; null for outliers (not clustered). */
	public int[] patchLabels() { return patchLabels == null ? null : patchLabels.clone(); }

	/**
	 * Mean saliency of this image's patches per cluster label (NaN for labels absent from the
	 * image); the image voted for the labels whose value is above the threshold. Null for outliers.
	 */
	public double[] labelSaliency() { return labelSaliency == null ? null : labelSaliency.clone(); }

	/** Whether outlier removal excluded this image (its mask is then empty). */
	public boolean outlier() { return outlier; }

	/** Cosine similarity of the image's [CLS] descriptor to the set's mean; NaN without outlier removal. */
	public double clsSimilarity() { return clsSimilarity; }

	/** Whether GrabCut refined the mask, fell back to the coarse mask, or was skipped. */
	public GrabCutOutcome grabCut() { return grabCut; }
}
