package sc.fiji.dinovit.vit;

/**
 * The grid of patch tokens a ViT produces for an image, and all arithmetic between patch
 * tokens and pixels. Immutable value; pure Java.
 * <p>
 * Units: {@link #height()}, {@link #width()}, {@link #patchSize()} and {@link #stride()} are in
 * pixels of the image the network saw (after any load_size resize); {@link #rows()},
 * {@link #cols()} and token indices are in patch tokens. The patch of grid cell (r, c) covers
 * pixels [r * stride, r * stride + patch) vertically, and likewise horizontally; pixels beyond the
 * last full window (right and bottom strips) are not covered by any patch.
 */
public final class PatchGrid {

	private final int height;
	private final int width;
	private final int patchSize;
	private final int stride;
	private final int rows;
	private final int cols;

	private PatchGrid(final int height, final int width, final int patchSize, final int stride) {
		this.height = height;
		this.width = width;
		this.patchSize = patchSize;
		this.stride = stride;
		this.rows = 1 + (height - patchSize) / stride;
		this.cols = 1 + (width - patchSize) / stride;
	}

	/**
	 * The grid for an image of the given size in pixels.
	 *
	 * @throws IllegalArgumentException if the stride does not divide the patch size, or the image is
	 *           smaller than one patch
	 */
	public static PatchGrid of(final int height, final int width, final int patchSize, final int stride) {
		if (patchSize <= 0) throw new IllegalArgumentException("Patch size must be positive, got " + patchSize);
		checkStride(patchSize, stride);
		if (height < patchSize || width < patchSize) throw new IllegalArgumentException("The image is " +
			width + "x" + height + " pixels, smaller than one " + patchSize + "x" + patchSize +
			" patch: use a larger image or a larger load_size");
		return new PatchGrid(height, width, patchSize, stride);
	}

	/**
	 * Checks that a stride is valid for a patch size: positive and dividing it.
	 *
	 * @throws IllegalArgumentException naming the valid strides otherwise
	 */
	public static void checkStride(final int patchSize, final int stride) {
		if (stride <= 0 || stride > patchSize || patchSize % stride != 0) {
			final StringBuilder valid = new StringBuilder();
			for (int s = 1; s <= patchSize; s++)
				if (patchSize % s == 0) valid.append(valid.length() == 0 ? "" : ", ").append(s);
			throw new IllegalArgumentException("Stride " + stride + " does not divide the patch size " +
				patchSize + ": use one of " + valid);
		}
	}

	/** Image height in pixels (as seen by the network). */
	public int height() { return height; }

	/** Image width in pixels (as seen by the network). */
	public int width() { return width; }

	public int patchSize() { return patchSize; }

	public int stride() { return stride; }

	/** Number of token rows: 1 + floor((height - patch) / stride). */
	public int rows() { return rows; }

	/** Number of token columns: 1 + floor((width - patch) / stride). */
	public int cols() { return cols; }

	/** Number of patch tokens, rows * cols. */
	public int numPatches() { return rows * cols; }

	/** Row-major token index of grid cell (row, col). */
	public int index(final int row, final int col) { return row * cols + col; }

	public int rowOf(final int index) { return index / cols; }

	public int colOf(final int index) { return index % cols; }

	/** Vertical pixel coordinate of the centre of the patch window of a token row: r*s + p/2. */
	public double centerY(final int row) { return row * (double) stride + patchSize / 2.0; }

	/** Horizontal pixel coordinate of the centre of the patch window of a token column: c*s + p/2. */
	public double centerX(final int col) { return col * (double) stride + patchSize / 2.0; }

	/**
	 * The token row whose patch centre is nearest to a vertical pixel coordinate (continuous
	 * coordinates: pixel i spans [i, i+1), its centre is i + 0.5), clamped to the grid.
	 */
	public int nearestRow(final double y) {
		return clamp((int) Math.round((y - patchSize / 2.0) / stride), rows);
	}

	/** The token column whose patch centre is nearest to a horizontal pixel coordinate, clamped. */
	public int nearestCol(final double x) {
		return clamp((int) Math.round((x - patchSize / 2.0) / stride), cols);
	}

	private static int clamp(final int v, final int n) {
		return v < 0 ? 0 : v >= n ? n - 1 : v;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof PatchGrid)) return false;
		final PatchGrid g = (PatchGrid) o;
		return height == g.height && width == g.width && patchSize == g.patchSize && stride == g.stride;
	}

	@Override
	public int hashCode() {
		return ((height * 31 + width) * 31 + patchSize) * 31 + stride;
	}

	@Override
	public String toString() {
		return rows + "x" + cols + " tokens (image " + width + "x" + height + " px, patch " + patchSize +
			", stride " + stride + ")";
	}
}
