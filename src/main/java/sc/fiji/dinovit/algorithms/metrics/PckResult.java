package sc.fiji.dinovit.algorithms.metrics;

/**
 * Count of correct keypoints out of a total; sum several with {@link #plus} to pool PCK over
 * image pairs.
 */
public record PckResult(int correct, int total) {

	public PckResult {
		if (correct < 0 || total < 0 || correct > total) throw new IllegalArgumentException(
			"Invalid PCK counts: " + correct + " of " + total);
	}

	/** correct / total; NaN when there are no keypoints. */
	public double fraction() {
		return total == 0 ? Double.NaN : (double) correct / total;
	}

	public PckResult plus(final PckResult other) {
		return new PckResult(correct + other.correct, total + other.total);
	}
}
