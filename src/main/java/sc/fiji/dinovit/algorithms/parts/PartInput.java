package sc.fiji.dinovit.algorithms.parts;

import java.util.function.Supplier;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
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
 * Memory: the descriptors are a {@link DescriptorSource}, so they may live in memory
 * ({@link DescriptorSource#of}) or in a file-backed
 * {@link sc.fiji.dinovit.algorithms.store.DescriptorStore} view; the algorithm reads them in
 * chunks and never copies a whole set. The resized RGB image may be made on demand by a
 * {@link Supplier} (called once per CRF labelling of this image), so a large set need not keep
 * every image's pixels.
 * <p>
 * Ownership: descriptors, saliency and RGB are taken without copying; nobody may modify them
 * afterwards. With that rule the instance is immutable and thread-safe (if the supplier is).
 */
public final class PartInput {

	private final PatchGrid grid;
	private final DescriptorSource descriptors;
	private final float[] saliency;
	private final Supplier<int[]> rgb;
	private final int originalWidth;
	private final int originalHeight;
	private final boolean augmentation;

	private PartInput(final PatchGrid grid, final DescriptorSource descriptors, final float[] saliency,
		final Supplier<int[]> rgb, final int originalWidth, final int originalHeight, final boolean augmentation)
	{
		if (grid == null) throw new IllegalArgumentException("The patch grid must not be null");
		if (descriptors == null || descriptors.count() != grid.numPatches()) throw new IllegalArgumentException(
			"Expected " + grid.numPatches() + " descriptors for " + grid + ", got " + (descriptors == null ? "none"
				: descriptors.count()));
		if (descriptors.dim() < 1) throw new IllegalArgumentException("Descriptor dimension must be positive, got " +
			descriptors.dim());
		if (!augmentation && (saliency == null || saliency.length != grid.numPatches()))
			throw new IllegalArgumentException("An original image needs one saliency value per patch (" +
				grid.numPatches() + "), got " + (saliency == null ? "none" : saliency.length));
		if (rgb == null) throw new IllegalArgumentException("The resized RGB image (or its supplier) is required");
		if (originalWidth < 1 || originalHeight < 1) throw new IllegalArgumentException(
			"Original size must be positive, got " + originalWidth + " x " + originalHeight);
		this.grid = grid;
		this.descriptors = descriptors;
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
	 * @param descriptors grid.numPatches() descriptors, row-major over the grid (need not be
	 *          normalised); read, never modified
	 * @param saliency one value per patch on the same grid, in [0, 1]
	 * @param rgb makes the resized image, packed 0xRRGGBB, row-major, grid.width() * grid.height()
	 *          (checked when called)
	 * @param originalWidth width of the input image before resizing, in pixels
	 * @param originalHeight height of the input image before resizing, in pixels
	 */
	public static PartInput original(final PatchGrid grid, final DescriptorSource descriptors, final float[] saliency,
		final Supplier<int[]> rgb, final int originalWidth, final int originalHeight)
	{
		return new PartInput(grid, descriptors, saliency, rgb, originalWidth, originalHeight, false);
	}

	/**
	 * An original image from in-memory arrays: descriptors are {@code grid.numPatches() * dim}
	 * floats, patch-major; {@code rgb} is the resized image itself. See
	 * {@link #original(PatchGrid, DescriptorSource, float[], Supplier, int, int)}.
	 */
	public static PartInput original(final PatchGrid grid, final float[] descriptors, final int dim,
		final float[] saliency, final int[] rgb, final int originalWidth, final int originalHeight)
	{
		return original(grid, inMemory(grid, descriptors, dim), saliency, fixed(grid, rgb), originalWidth,
			originalHeight);
	}

	/**
	 * An augmentation (contributes descriptors to clustering, does not vote, is not returned). The
	 * RGB image is used for the CRF of the third stage's common-part vote.
	 */
	public static PartInput augmentation(final PatchGrid grid, final DescriptorSource descriptors,
		final Supplier<int[]> rgb)
	{
		if (grid == null) throw new IllegalArgumentException("The patch grid must not be null");
		return new PartInput(grid, descriptors, null, rgb, grid.width(), grid.height(), true);
	}

	private static DescriptorSource inMemory(final PatchGrid grid, final float[] descriptors, final int dim) {
		if (grid == null) throw new IllegalArgumentException("The patch grid must not be null");
		if (dim < 1) throw new IllegalArgumentException("Descriptor dimension must be positive, got " + dim);
		if (descriptors == null || (long) grid.numPatches() * dim != descriptors.length)
			throw new IllegalArgumentException("Expected " + grid.numPatches() + " x " + dim +
				" descriptor values for " + grid + ", got " + (descriptors == null ? "none" : descriptors.length));
		return DescriptorSource.of(descriptors, dim);
	}

	private static Supplier<int[]> fixed(final PatchGrid grid, final int[] rgb) {
		checkRgb(grid, rgb);
		return () -> rgb;
	}

	private static int[] checkRgb(final PatchGrid grid, final int[] rgb) {
		if (rgb == null || rgb.length != grid.width() * grid.height()) throw new IllegalArgumentException(
			"Expected the resized RGB image of " + grid.width() + " x " + grid.height() + " px, got " + (rgb == null
				? "none" : rgb.length + " pixels"));
		return rgb;
	}

	/** The patch grid, in resized pixels. */
	public PatchGrid grid() { return grid; }

	/** Descriptors, one per patch, row-major over the grid; read only. */
	public DescriptorSource descriptors() { return descriptors; }

	public int dim() { return descriptors.dim(); }

	/** Saliency per patch (row-major over the grid), or null for an augmentation; read only. */
	public float[] saliency() { return saliency; }

	/**
	 * The resized image, packed 0xRRGGBB, row-major; read only. Made on demand for inputs built
	 * with a supplier (call it once per use, do not keep it).
	 *
	 * @throws IllegalArgumentException if the supplier gives an image of the wrong size
	 */
	public int[] rgb() { return checkRgb(grid, rgb.get()); }

	/** Width of the input before resizing, in pixels (an augmentation: the resized width). */
	public int originalWidth() { return originalWidth; }

	/** Height of the input before resizing, in pixels (an augmentation: the resized height). */
	public int originalHeight() { return originalHeight; }

	/** True for a crop/flip augmentation, false for an original image. */
	public boolean isAugmentation() { return augmentation; }
}
