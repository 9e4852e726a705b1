package sc.fiji.dinovit.algorithms.cluster;

import java.util.SplittableRandom;

import sc.fiji.dinovit.util.Progress;

/**
 * Greedy k-means++ seeding: each new centroid is the best (lowest resulting potential) of
 * {@code 2 + floor(ln k)} candidates drawn with probability proportional to the squared distance
 * to the nearest centroid chosen so far. Deterministic for a random stream; distances are
 * computed in fixed chunks and potentials reduced in chunk order, so threads do not matter.
 */
final class KMeansPlusPlus {

	private KMeansPlusPlus() {}

	static float[] choose(final float[] x, final int n, final int dim, final int k, final SplittableRandom rng,
		final Parallel par, final Progress cancel)
	{
		final int trials = 2 + (int) Math.log(k);
		final float[] centroids = new float[k * dim];
		final int first = rng.nextInt(n);
		System.arraycopy(x, first * dim, centroids, 0, dim);
		float[] closest = new float[n];
		distancesTo(x, n, dim, new int[] { first }, new float[][] { closest }, null, par, cancel);
		final double[] cumulative = new double[n];
		for (int c = 1; c < k; c++) {
			double acc = 0;
			for (int i = 0; i < n; i++) {
				acc += closest[i];
				cumulative[i] = acc;
			}
			final int[] candidates = new int[trials];
			for (int t = 0; t < trials; t++)
				candidates[t] = sample(cumulative, rng.nextDouble() * acc);
			final float[][] candidateClosest = new float[trials][n];
			final double[] potentials = distancesTo(x, n, dim, candidates, candidateClosest, closest, par, cancel);
			int best = 0;
			for (int t = 1; t < trials; t++)
				if (potentials[t] < potentials[best]) best = t;
			System.arraycopy(x, candidates[best] * dim, centroids, c * dim, dim);
			closest = candidateClosest[best];
		}
		return centroids;
	}

	/** First index whose cumulative weight exceeds r (the last index if rounding overshoots). */
	private static int sample(final double[] cumulative, final double r) {
		int lo = 0;
		int hi = cumulative.length - 1;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (cumulative[mid] > r) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/**
	 * out[t][i] = min(current[i], |x_i - x_candidate_t|^2) (current == null: no minimum); returns
	 * the potential (sum) per candidate.
	 */
	private static double[] distancesTo(final float[] x, final int n, final int dim, final int[] candidates,
		final float[][] out, final float[] current, final Parallel par, final Progress cancel)
	{
		final int chunks = Parallel.numChunks(n, KMeans.CHUNK);
		final double[][] partial = new double[chunks][candidates.length];
		par.forEach(chunks, ch -> {
			cancel.checkCancelled();
			final int i0 = ch * KMeans.CHUNK;
			final int i1 = Math.min(n, i0 + KMeans.CHUNK);
			for (int t = 0; t < candidates.length; t++) {
				final int cb = candidates[t] * dim;
				double s = 0;
				for (int i = i0; i < i1; i++) {
					final int xb = i * dim;
					float d2 = 0f;
					for (int j = 0; j < dim; j++) {
						final float diff = x[xb + j] - x[cb + j];
						d2 += diff * diff;
					}
					if (current != null && current[i] < d2) d2 = current[i];
					out[t][i] = d2;
					s += d2;
				}
				partial[ch][t] = s;
			}
		});
		final double[] potentials = new double[candidates.length];
		for (int ch = 0; ch < chunks; ch++)
			for (int t = 0; t < candidates.length; t++)
				potentials[t] += partial[ch][t];
		return potentials;
	}
}
