package sc.fiji.dinovit.algorithms.parts;

/**
 * The part labels of one original image, in its <em>original</em> pixel grid (before any load_size
 * resize), row-major: {@code labels[y * width + x]}. 0 = background, 1..numParts = parts; the same
 * id means the same part in every image of the set (see {@link PartCosegmentation} for the order of
 * ids). Immutable: {@link #labels()} returns a copy.
 */
public final class PartLabelImage {

	private final int width;
	private final int height;
	private final int[] labels;

	PartLabelImage(final int width, final int height, final int[] labels) {
		if (labels.length != width * height) throw new IllegalArgumentException("Expected " + width + " x " + height +
			" labels, got " + labels.length);
		this.width = width;
		this.height = height;
		this.labels = labels;
	}

	/** Width in original pixels. */
	public int width() { return width; }

	/** Height in original pixels. */
	public int height() { return height; }

	/** The label at original pixel (x, y): 0 = background, 1.. = part id. */
	public int get(final int x, final int y) {
		return labels[y * width + x];
	}

	/** A copy of all labels, row-major. */
	public int[] labels() { return labels.clone(); }

	/** Number of pixels carrying {@code id}. */
	public long count(final int id) {
		long n = 0;
		for (final int l : labels)
			if (l == id) n++;
		return n;
	}

	@Override
	public String toString() {
		return "PartLabelImage[" + width + " x " + height + "]";
	}
}
