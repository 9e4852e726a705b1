package sc.fiji.dinovit.algorithms.crf;

/**
 * The outcome of mean-field inference: the marginals Q and their per-pixel argmax. Immutable;
 * accessors returning arrays return copies.
 * <p>
 * Layouts: pixels in row-major order ({@code i = y * width + x}); Q is label-major,
 * {@code Q[l * width * height + i]}.
 */
public final class CrfResult {

	private final int width;
	private final int height;
	private final int labelCount;
	private final float[] q;
	private final int[] labels;

	CrfResult(final int width, final int height, final int labelCount, final float[] q) {
		this.width = width;
		this.height = height;
		this.labelCount = labelCount;
		this.q = q;
		this.labels = argmax(q, labelCount, width * height);
	}

	/** Per pixel, the label of highest probability; the lowest label index wins ties. */
	static int[] argmax(final float[] q, final int labelCount, final int n) {
		final int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int best = 0;
			float bestQ = q[i];
			for (int l = 1; l < labelCount; l++)
				if (q[l * n + i] > bestQ) {
					bestQ = q[l * n + i];
					best = l;
				}
			out[i] = best;
		}
		return out;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The number of labels L. */
	public int labelCount() {
		return labelCount;
	}

	/** A copy of the label map, row-major, values 0..L-1. */
	public int[] labels() {
		return labels.clone();
	}

	/** The label of one pixel. */
	public int label(final int pixel) {
		return labels[pixel];
	}

	/** A copy of the marginals, label-major (L x width*height); each pixel's column sums to ~1. */
	public float[] probabilities() {
		return q.clone();
	}

	/** The marginal probability of a label at a pixel. */
	public float probability(final int label, final int pixel) {
		return q[label * width * height + pixel];
	}
}
