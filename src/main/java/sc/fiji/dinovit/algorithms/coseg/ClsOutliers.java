package sc.fiji.dinovit.algorithms.coseg;

import java.util.List;

/**
 * Outlier detection of co-segmentation (reference-behaviour.md 3.2 step 3): the cosine
 * similarity of each image's [CLS] descriptor to the mean [CLS] descriptor of the set; images at
 * or above the threshold are inliers. Stateless; arithmetic in double.
 */
public final class ClsOutliers {

	private ClsOutliers() {}

	/**
	 * @param cls one [CLS] descriptor per image, all of the same length
	 * @return the cosine similarity of each to their mean, in input order (0 where a vector or the
	 *         mean is zero)
	 */
	public static double[] similarityToMean(final List<float[]> cls) {
		if (cls.isEmpty()) throw new IllegalArgumentException("No [CLS] descriptors given");
		final int d = cls.get(0).length;
		final double[] mean = new double[d];
		for (final float[] c : cls) {
			if (c.length != d) throw new IllegalArgumentException("[CLS] descriptors differ in length: " + d +
				" and " + c.length);
			for (int j = 0; j < d; j++)
				mean[j] += c[j];
		}
		double meanNorm = 0;
		for (int j = 0; j < d; j++) {
			mean[j] /= cls.size();
			meanNorm += mean[j] * mean[j];
		}
		meanNorm = Math.sqrt(meanNorm);
		final double[] sim = new double[cls.size()];
		for (int i = 0; i < sim.length; i++) {
			final float[] c = cls.get(i);
			double dot = 0, norm = 0;
			for (int j = 0; j < d; j++) {
				dot += c[j] * mean[j];
				norm += (double) c[j] * c[j];
			}
			final double denom = Math.sqrt(norm) * meanNorm;
			sim[i] = denom > 0 ? dot / denom : 0;
		}
		return sim;
	}

	/** Whether an image with this similarity to the mean is an inlier: {@code similarity >= threshold}. */
	public static boolean isInlier(final double similarity, final double threshold) {
		return similarity >= threshold;
	}
}
