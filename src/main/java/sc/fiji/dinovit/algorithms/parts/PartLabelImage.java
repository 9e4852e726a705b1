package sc.fiji.dinovit.algorithms.parts;

/**
 * The part labels of one original image, in its <em>original</em> pixel grid (before any load_size
 * resize), row-major: {@code labels[y * width + x]}. 0 = background, 1..numParts = parts; the same
 * id means the same part in every image of the set (see {@link PartCosegmentation} for the order of
 * ids). Immutable: {@link #labels()} returns a new array.
 * <p>
 * Memory: the labels are kept at the resized resolution the CRF worked in, one byte per pixel,
 * and mapped to the original grid when read (nearest neighbour with pixel centres aligned, see
 * {@link PartGeometry#toOriginal}), so that a result for 1,000 images stays small.
 */
public final class PartLabelImage {

	private final int width;
	private final int height;
	private final int resizedWidth;
	private final int resizedHeight;
	private final PackedLabels resized;

	/**
	 * @param width original width
	 * @param height original height
	 * @param resized labels of the resized image, resizedWidth x resizedHeight, row-major
	 */
	PartLabelImage(final int width, final int height, final int resizedWidth, final int resizedHeight,
		final PackedLabels resized)
	{
		if (resized.length() != resizedWidth * resizedHeight) throw new IllegalArgumentException("Expected " +
			resizedWidth + " x " + resizedHeight + " labels, got " + resized.length());
		if (width < 1 || height < 1) throw new IllegalArgumentException("Original size must be positive, got " +
			width + " x " + height);
		this.width = width;
		this.height = height;
		this.resizedWidth = resizedWidth;
		this.resizedHeight = resizedHeight;
		this.resized = resized;
	}

	/** Width in original pixels. */
	public int width() { return width; }

	/** Height in original pixels. */
	public int height() { return height; }

	/** The label at original pixel (x, y): 0 = background, 1.. = part id. */
	public int get(final int x, final int y) {
		if (x < 0 || y < 0 || x >= width || y >= height) throw new IndexOutOfBoundsException("Pixel (" + x + ", " + y +
			") outside " + width + " x " + height);
		final int rx = Math.min(resizedWidth - 1, (int) ((x + 0.5) * resizedWidth / width));
		final int ry = Math.min(resizedHeight - 1, (int) ((y + 0.5) * resizedHeight / height));
		return resized.get(ry * resizedWidth + rx);
	}

	/** All labels in the original grid, row-major (a new array). */
	public int[] labels() {
		return PartGeometry.toOriginal(resized.toArray(), resizedWidth, resizedHeight, width, height);
	}

	/** Number of original pixels carrying {@code id}. */
	public long count(final int id) {
		if (id < 0) return 0;
		return PartGeometry.originalAreas(resized, resizedWidth, resizedHeight, width, height, id + 1)[id];
	}

	@Override
	public String toString() {
		return "PartLabelImage[" + width + " x " + height + "]";
	}
}
