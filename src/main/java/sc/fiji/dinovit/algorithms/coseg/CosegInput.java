package sc.fiji.dinovit.algorithms.coseg;

import java.util.function.Supplier;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.grabcut.RgbImage;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * What co-segmentation needs of one image. Immutable by contract.
 * <p>
 * Pixel frames: the {@link #grid()} lives in the <em>resized</em> image (the one the network
 * saw, after load_size), and so do {@link #resizedImage()} (used by GrabCut) and the grid's
 * width and height, which must equal the image's. {@link #originalWidth()} and
 * {@link #originalHeight()} are the user's image, the frame of the final mask.
 * <p>
 * Ownership: the saliency and [CLS] arrays are copied (they are small); the descriptors and the
 * RGB image are not (they are large): nobody may modify them while a run uses them. The
 * descriptors are a {@link DescriptorSource} so that they may live in memory
 * ({@link #of(Descriptors, float[], RgbImage, int, int)}) or in a file-backed store.
 */
public final class CosegInput {

	private final PatchGrid grid;
	private final DescriptorSource descriptors;
	private final float[] cls;
	private final float[] saliency;
	private final Supplier<RgbImage> resizedImage;
	private final int originalWidth;
	private final int originalHeight;

	/**
	 * @param grid the patch grid of the resized image
	 * @param descriptors one descriptor per patch, row-major over the grid (not L2-normalised is
	 *          fine: the algorithm normalises)
	 * @param cls the image's [CLS] descriptor, same facet and layer, or null (needed only for
	 *          outlier removal)
	 * @param saliency one value per patch on the same grid, row-major (min-max normalised [CLS]
	 *          attention in the paper)
	 * @param resizedImage the resized RGB image, grid.width() x grid.height() pixels
	 * @param originalWidth width of the user's image in pixels (the frame of the final mask)
	 * @param originalHeight height of the user's image in pixels
	 * @throws IllegalArgumentException naming the mismatch if the pieces do not fit together
	 */
	public CosegInput(final PatchGrid grid, final DescriptorSource descriptors, final float[] cls,
		final float[] saliency, final RgbImage resizedImage, final int originalWidth, final int originalHeight)
	{
		this(grid, descriptors, cls, saliency, checkedSize(resizedImage, grid), originalWidth, originalHeight);
	}

	/**
	 * Like the other constructor, but the resized image is produced on demand (once, when GrabCut
	 * refines this image), so a large set need not keep every image's pixels in memory. The
	 * supplier must give a grid.width() x grid.height() image.
	 */
	public CosegInput(final PatchGrid grid, final DescriptorSource descriptors, final float[] cls,
		final float[] saliency, final Supplier<RgbImage> resizedImage, final int originalWidth,
		final int originalHeight)
	{
		if (grid == null || descriptors == null || saliency == null || resizedImage == null)
			throw new IllegalArgumentException("grid, descriptors, saliency and resized image are required");
		if (descriptors.count() != grid.numPatches()) throw new IllegalArgumentException("The image has " +
			descriptors.count() + " descriptors but its grid " + grid + " has " + grid.numPatches() + " patches");
		if (saliency.length != grid.numPatches()) throw new IllegalArgumentException("Saliency has " +
			saliency.length + " values but the descriptor grid " + grid + " has " + grid.numPatches() +
			" patches: resize the saliency map to the descriptor grid first");
		if (cls != null && cls.length != descriptors.dim() && cls.length * 17 != descriptors.dim())
			throw new IllegalArgumentException("[CLS] descriptor has " + cls.length +
				" values, the patch descriptors " + descriptors.dim());
		if (originalWidth <= 0 || originalHeight <= 0) throw new IllegalArgumentException(
			"Original image size must be positive, got " + originalWidth + "x" + originalHeight);
		this.grid = grid;
		this.descriptors = descriptors;
		this.cls = cls == null ? null : cls.clone();
		this.saliency = saliency.clone();
		this.resizedImage = resizedImage;
		this.originalWidth = originalWidth;
		this.originalHeight = originalHeight;
	}

	/**
	 * An input from in-memory descriptors; the [CLS] descriptor is taken from them if they kept
	 * it.
	 */
	public static CosegInput of(final Descriptors descriptors, final float[] saliency, final RgbImage resizedImage,
		final int originalWidth, final int originalHeight)
	{
		return new CosegInput(descriptors.grid(), DescriptorSource.of(descriptors.data(), descriptors.dim()),
			descriptors.cls(), saliency, resizedImage, originalWidth, originalHeight);
	}

	/** Patch grid, in resized-image pixels. */
	public PatchGrid grid() { return grid; }

	/** One descriptor per patch, row-major over the grid. */
	public DescriptorSource descriptors() { return descriptors; }

	/** A copy of the [CLS] descriptor, or null. */
	public float[] cls() { return cls == null ? null : cls.clone(); }

	public boolean hasCls() { return cls != null; }

	/** A copy of the per-patch saliency, row-major over the grid. */
	public float[] saliency() { return saliency.clone(); }

	float saliency(final int patch) { return saliency[patch]; }

	float[] clsView() { return cls; }

	/** The resized RGB image (not a copy: read only); produced on demand for lazy inputs. */
	public RgbImage resizedImage() {
		final RgbImage img = resizedImage.get();
		checkedSize(img, grid);
		return img;
	}

	private static Supplier<RgbImage> checkedSize(final RgbImage img, final PatchGrid grid) {
		if (img == null) throw new IllegalArgumentException("The resized image is required");
		if (img.width() != grid.width() || img.height() != grid.height()) throw new IllegalArgumentException(
			"The resized image is " + img.width() + "x" + img.height() + " px but the patch grid was computed for " +
				grid.width() + "x" + grid.height() + " px");
		return () -> img;
	}

	public int originalWidth() { return originalWidth; }

	public int originalHeight() { return originalHeight; }
}
