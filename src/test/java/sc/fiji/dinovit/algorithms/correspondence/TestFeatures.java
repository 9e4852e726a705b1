package sc.fiji.dinovit.algorithms.correspondence;

import java.util.SplittableRandom;

import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.vit.PatchGrid;

/** Synthetic features for tests. */
final class TestFeatures {

	private TestFeatures() {}

	static float[] gaussian(final int n, final int d, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] x = new float[n * d];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextGaussian();
		return x;
	}

	/** Features on the grid of a resized image of the given size (patch 8, stride 4). */
	static ImageFeatures features(final int resizedH, final int resizedW, final int d, final float[] data,
		final float[] saliency, final int originalW, final int originalH)
	{
		final PatchGrid g = PatchGrid.of(resizedH, resizedW, 8, 4);
		return new ImageFeatures(new Descriptors(g, d, data, null, false), saliency, originalW, originalH);
	}

	static float[] constant(final int n, final float v) {
		final float[] s = new float[n];
		java.util.Arrays.fill(s, v);
		return s;
	}

	/** B row j = A row perm[j] (+ noise of the given scale). */
	static float[] permutedRows(final float[] a, final int d, final int[] perm, final double noise,
		final long seed)
	{
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] b = new float[perm.length * d];
		for (int j = 0; j < perm.length; j++)
			for (int k = 0; k < d; k++)
				b[j * d + k] = a[perm[j] * d + k] + (float) (noise * r.nextGaussian());
		return b;
	}

	static int[] permutation(final int n, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final int[] p = new int[n];
		for (int i = 0; i < n; i++)
			p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			final int j = r.nextInt(i + 1);
			final int t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}
}
