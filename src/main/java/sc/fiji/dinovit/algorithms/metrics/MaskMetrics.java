package sc.fiji.dinovit.algorithms.metrics;

/**
 * Scores of a predicted binary mask against a ground-truth mask of the same pixels (any layout,
 * as long as both arrays use the same one).
 */
public final class MaskMetrics {

	private MaskMetrics() {}

	/**
	 * Jaccard index (intersection over union) of the foreground sets. Two empty masks agree
	 * perfectly and score 1.0.
	 */
	public static double jaccard(final boolean[] predicted, final boolean[] truth) {
		checkSameLength(predicted, truth);
		long intersection = 0;
		long union = 0;
		for (int i = 0; i < truth.length; i++) {
			if (predicted[i] && truth[i]) intersection++;
			if (predicted[i] || truth[i]) union++;
		}
		return union == 0 ? 1.0 : (double) intersection / union;
	}

	/**
	 * "Precision" as co-segmentation papers use it: pixel accuracy, the fraction of pixels whose
	 * foreground/background label matches the ground truth.
	 *
	 * @throws IllegalArgumentException for empty masks
	 */
	public static double precision(final boolean[] predicted, final boolean[] truth) {
		checkSameLength(predicted, truth);
		if (truth.length == 0) throw new IllegalArgumentException("Pixel accuracy of an empty mask is undefined");
		long same = 0;
		for (int i = 0; i < truth.length; i++)
			if (predicted[i] == truth[i]) same++;
		return (double) same / truth.length;
	}

	private static void checkSameLength(final boolean[] predicted, final boolean[] truth) {
		if (predicted == null || truth == null) throw new IllegalArgumentException("Masks must not be null");
		if (predicted.length != truth.length) throw new IllegalArgumentException(
			"Mask sizes differ: predicted " + predicted.length + " vs ground truth " + truth.length);
	}
}
