package sc.fiji.dinovit.features;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Descriptors (and optionally saliency) of one image, with the sizes needed to map patch tokens
 * back to pixels: the grid is in the resized image's pixels; {@link #originalWidth()} and
 * {@link #originalHeight()} are the input image's.
 */
public final class ImageFeatures {

	private final Descriptors descriptors;
	private final float[] saliency;
	private final int originalWidth;
	private final int originalHeight;

	public ImageFeatures(final Descriptors descriptors, final float[] saliency, final int originalWidth,
		final int originalHeight)
	{
		if (saliency != null && saliency.length != descriptors.numPatches()) throw new IllegalArgumentException(
			"Saliency has " + saliency.length + " values for " + descriptors.numPatches() + " patches");
		this.descriptors = descriptors;
		this.saliency = saliency;
		this.originalWidth = originalWidth;
		this.originalHeight = originalHeight;
	}

	public Descriptors descriptors() { return descriptors; }

	public PatchGrid grid() { return descriptors.grid(); }

	/** Saliency per patch in [0, 1], row-major over the grid; null if not requested. Do not modify. */
	public float[] saliency() { return saliency; }

	public int originalWidth() { return originalWidth; }

	public int originalHeight() { return originalHeight; }
}
