package sc.fiji.dinovit.algorithms.similarity;

import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * The mapping between an image's patch grid, its resized pixel frame (what the network saw) and
 * its original pixel frame (the user's image). Immutable. Pixel convention: see
 * {@link PatchLocation} (continuous coordinates, pixel i spans [i, i+1)). The two frames are related
 * by a per-axis scale: original = resized * (originalSize / resizedSize), so image edges map to
 * image edges.
 */
public final class PixelFrames {

	private final PatchGrid grid;
	private final int originalWidth;
	private final int originalHeight;
	private final double scaleX;
	private final double scaleY;

	private PixelFrames(final PatchGrid grid, final int originalWidth, final int originalHeight) {
		if (originalWidth <= 0 || originalHeight <= 0) throw new IllegalArgumentException(
			"Original image size must be positive, got " + originalWidth + "x" + originalHeight);
		this.grid = grid;
		this.originalWidth = originalWidth;
		this.originalHeight = originalHeight;
		this.scaleX = originalWidth / (double) grid.width();
		this.scaleY = originalHeight / (double) grid.height();
	}

	public static PixelFrames of(final PatchGrid grid, final int originalWidth, final int originalHeight) {
		return new PixelFrames(grid, originalWidth, originalHeight);
	}

	public static PixelFrames of(final ImageFeatures features) {
		return new PixelFrames(features.grid(), features.originalWidth(), features.originalHeight());
	}

	public PatchGrid grid() { return grid; }

	public int originalWidth() { return originalWidth; }

	public int originalHeight() { return originalHeight; }

	/** Original pixels per resized pixel, horizontally. */
	public double scaleX() { return scaleX; }

	/** Original pixels per resized pixel, vertically. */
	public double scaleY() { return scaleY; }

	public double toOriginalX(final double resizedX) { return resizedX * scaleX; }

	public double toOriginalY(final double resizedY) { return resizedY * scaleY; }

	public double toResizedX(final double originalX) { return originalX / scaleX; }

	public double toResizedY(final double originalY) { return originalY / scaleY; }

	/** Both frames' coordinates of a patch's centre. */
	public PatchLocation locate(final int patchIndex) {
		if (patchIndex < 0 || patchIndex >= grid.numPatches()) throw new IndexOutOfBoundsException(
			"Patch index " + patchIndex + " outside the grid " + grid);
		final int r = grid.rowOf(patchIndex);
		final int c = grid.colOf(patchIndex);
		final double x = grid.centerX(c);
		final double y = grid.centerY(r);
		return new PatchLocation(patchIndex, r, c, x, y, toOriginalX(x), toOriginalY(y));
	}

	/**
	 * The patch whose centre is nearest to a point given in original pixels (per axis, after
	 * scaling to the resized frame; exact halfway cases go to the higher index; points beyond the
	 * outermost patch centres clamp to the border patch).
	 */
	public int nearestPatch(final double originalX, final double originalY) {
		return grid.index(grid.nearestRow(toResizedY(originalY)), grid.nearestCol(toResizedX(originalX)));
	}

	/**
	 * Checks that a point lies in the original image, [0, width] x [0, height].
	 *
	 * @throws IllegalArgumentException naming the point and the image size otherwise
	 */
	public void checkInside(final double originalX, final double originalY) {
		if (!(originalX >= 0 && originalX <= originalWidth && originalY >= 0 && originalY <= originalHeight))
			throw new IllegalArgumentException("Point (x=" + originalX + ", y=" + originalY +
				") lies outside the " + originalWidth + "x" + originalHeight + " image (continuous pixel " +
				"coordinates: pixel i spans [i, i+1), so a pixel index i is the point i + 0.5)");
	}
}
