package sc.fiji.dinovit.algorithms.metrics;

/**
 * Percentage of correct keypoints: a predicted point is correct when its Euclidean distance to the
 * ground-truth point is at most {@code alpha * normaliser} (inclusive). The normaliser is a
 * parameter; the usual choices are {@link #imageNormaliser} (max(h, w) of the image) and
 * {@link #boundingBoxNormaliser} (max(h, w) of the object's bounding box).
 * <p>
 * Points are interleaved (y, x) pairs in one double array, in the same pixel frame for prediction
 * and ground truth; point i is at [2i, 2i + 1].
 */
public final class Pck {

	private Pck() {}

	/** max(height, width) of the image. */
	public static double imageNormaliser(final double height, final double width) {
		return Math.max(height, width);
	}

	/** max(height, width) of a bounding box given by its corners. */
	public static double boundingBoxNormaliser(final double minY, final double minX, final double maxY,
		final double maxX)
	{
		if (maxY < minY || maxX < minX) throw new IllegalArgumentException(
			"Bounding box corners out of order: (" + minY + ", " + minX + ") - (" + maxY + ", " + maxX + ")");
		return Math.max(maxY - minY, maxX - minX);
	}

	/** Counts the predicted points within {@code alpha * normaliser} of their ground-truth points. */
	public static PckResult evaluate(final double[] predicted, final double[] truth, final double alpha,
		final double normaliser)
	{
		if (predicted == null || truth == null) throw new IllegalArgumentException("Point arrays must not be null");
		if (predicted.length != truth.length || predicted.length % 2 != 0) throw new IllegalArgumentException(
			"Expected equally many (y, x) pairs, got " + predicted.length + " and " + truth.length + " values");
		if (!(alpha >= 0) || !(normaliser > 0)) throw new IllegalArgumentException(
			"alpha must be >= 0 and the normaliser > 0, got " + alpha + " and " + normaliser);
		final double threshold = alpha * normaliser;
		int correct = 0;
		for (int i = 0; i < truth.length; i += 2) {
			final double dy = predicted[i] - truth[i];
			final double dx = predicted[i + 1] - truth[i + 1];
			if (Math.sqrt(dy * dy + dx * dx) <= threshold) correct++;
		}
		return new PckResult(correct, truth.length / 2);
	}
}
