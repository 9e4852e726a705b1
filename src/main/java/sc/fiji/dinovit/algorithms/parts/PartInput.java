package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * One image of a part co-segmentation set, as the algorithm sees it.
 * <p>
 * Pixel frames: the {@link #grid()} lives in the <em>resized</em> image (the one the network saw,
 * {@code grid.width() x grid.height()} pixels); {@link #rgb()} is that resized image; the
 * {@link #originalWidth()} x {@link #originalHeight()} frame is where the returned label image
 * lives.
 * <p>
 * Two kinds: an {@link #original original} image (votes for salient clusters, gets a label image
 * in the result) and an {@link #augmentation augmentation} (a crop/flip of an original that only
 * adds descriptors to the clustering: it does not vote, needs no saliency and is not returned).
 * <p>
 * Ownership: arrays are taken without copying (descriptors can be large); nobody may modify them
 * afterwards. With that rule the instance is immutable and thread-safe.
 */
public final class PartInput {

	private final PatchGrid grid;
	private final float[] descriptors;
	private final int dim;
	private final float[] saliency;
	private final int[] rgb;
	private final int originalWidth;
	private final int originalHeight;
	private final boolean augmentation;

	private PartInput(final PatchGrid grid, final float[] descriptors, final int dim, final float[] saliency,
		final int[] rgb, final int originalWidth, final int originalHeight, final boolean augmentation)
	{
		if (grid == null) throw new IllegalArgumentException("The patch grid must not be null");
		if (dim < 1) throw new IllegalArgumentException("Descriptor dimension must be positive, got " + dim);
		if (descriptors == null || (long) grid.numPatches() * dim != descriptors.length)
			throw new IllegalArgumentException("Expected " + grid.numPatches() + " x " + dim +
				" descriptor values for " + grid + ", got " + (descriptors == null ? "none" : descriptors.length));
		if (!augmentation && (saliency == null || saliency.length != grid.numPatches()))
			throw new IllegalArgumentException("An original image needs one saliency value per patch (" +
				grid.numPatches() + "), got " + (saliency == null ? "none" : saliency.length));
		if (rgb == null || rgb.length != grid.width() * grid.height()) throw new IllegalArgumentException(
			"Expected the resized RGB image of " + grid.width() + " x " + grid.height() + " px, got " + (rgb == null
				? "none" : rgb.length + " pixels"));
		if (originalWidth < 1 || originalHeight < 1) throw new IllegalArgumentException(
			"Original size must be positive, got " + originalWidth + " x " + originalHeight);
		this.grid = grid;
		this.descriptors = descriptors;
		this.dim = dim;
		this.saliency = saliency;
		this.rgb = rgb;
		this.originalWidth = originalWidth;
		this.originalHeight = originalHeight;
		this.augmentation = augmentation;
	}

	/**
	 * An original image.
	 *
	 * @param grid the patch grid, in resized pixels
	 * @param descriptors grid.numPatches() * dim values, patch-major, row-major over the grid (need
	 *          not be normalised)
	 * @param saliency one value per patch on the same grid, in [0, 1]
	 * @param rgb the resized image, packed 0xRRGGBB, row-major, grid.width() * grid.height()
	 * @param originalWidth width of the input image before resizing, in pixels
	 * @param originalHeight height of the input image before resizing, in pixels
	 */
	public static PartInput original(final PatchGrid grid, final float[] descriptors, final int dim,
		final float[] saliency, final int[] rgb, final int originalWidth, final int originalHeight)
	{
		return new PartInput(grid, descriptors, dim, saliency, rgb, originalWidth, originalHeight, false);
	}

	/**
	 * An augmentation (contributes descriptors to clustering, does not vote, is not returned). The
	 * RGB image is used for the CRF of the third stage's common-part vote.
	 */
	public static PartInput augmentation(final PatchGrid grid, final float[] descriptors, final int dim,
		final int[] rgb)
	{
		return new PartInput(grid, descriptors, dim, null, rgb, grid.width(), grid.height(), true);
	}

	/** The patch grid, in resized pixels. */
	public PatchGrid grid() { return grid; }

	/** Descriptors, patch-major (numPatches * dim); the array itself: read only. */
	public float[] descriptors() { return descriptors; }

	public int dim() { return dim; }

	/** Saliency per patch (row-major over the grid), or null for an augmentation; read only. */
	public float[] saliency() { return saliency; }

	/** The resized image, packed 0xRRGGBB, row-major; read only. */
	public int[] rgb() { return rgb; }

	/** Width of the input before resizing, in pixels (an augmentation: the resized width). */
	public int originalWidth() { return originalWidth; }

	/** Height of the input before resizing, in pixels (an augmentation: the resized height). */
	public int originalHeight() { return originalHeight; }

	/** True for a crop/flip augmentation, false for an original image. */
	public boolean isAugmentation() { return augmentation; }
}
