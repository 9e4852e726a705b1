package sc.fiji.dinovit.algorithms.foreground;

/**
 * The salient-cluster vote of co-segmentation (reference-behaviour.md 3.2 step 7), shared by co-segmentation and stage 1 of part co-segmentation: an image votes
 * for a label when the mean saliency of its patches with that label is strictly above the
 * threshold; a label absent from an image gets no vote from it; a label is salient when its votes
 * reach {@code ceil(N * p / 100)}. Stateless.
 */
public final class Voting {

	private Voting() {}

	/**
	 * Votes a label needs to be salient: {@code ceil(images * percentage / 100)}, computed in double
	 * as the reference does. With the default 75%: 1 image needs 1, 2 need 2, 4 need 3, 10 need 8.
	 *
	 * @param images number of voting images (the inliers), at least 1
	 * @param percentage in (0, 100]
	 */
	public static int votesNeeded(final int images, final double percentage) {
		if (images < 1) throw new IllegalArgumentException("At least one image must vote, got " + images);
		if (!(percentage > 0 && percentage <= 100)) throw new IllegalArgumentException(
			"Votes percentage must be in (0, 100], got " + percentage);
		return (int) Math.ceil(images * percentage / 100);
	}

	/**
	 * Mean saliency of each label's patches in one image.
	 *
	 * @param labels cluster labels; the image's patches are {@code labels[offset .. offset + saliency.length)}
	 * @param saliency the image's saliency per patch
	 * @param k number of labels
	 * @return k values; NaN for labels with no patch in this image
	 */
	public static double[] meanSaliencyPerLabel(final int[] labels, final int offset, final float[] saliency,
		final int k)
	{
		final double[] sum = new double[k];
		final int[] count = new int[k];
		for (int i = 0; i < saliency.length; i++) {
			final int l = labels[offset + i];
			sum[l] += saliency[i];
			count[l]++;
		}
		for (int l = 0; l < k; l++)
			sum[l] = count[l] == 0 ? Double.NaN : sum[l] / count[l];
		return sum;
	}

	/** Whether an image votes for a label with this mean saliency: strictly above the threshold; NaN never votes. */
	public static boolean votes(final double meanSaliency, final double threshold) {
		return meanSaliency > threshold;
	}
}
