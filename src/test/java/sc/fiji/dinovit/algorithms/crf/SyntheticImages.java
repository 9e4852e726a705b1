package sc.fiji.dinovit.algorithms.crf;

import java.util.Random;

/** Seeded synthetic images and feature sets for the CRF tests. */
final class SyntheticImages {

	private SyntheticImages() {}

	static int pack(final int r, final int g, final int b) {
		return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
	}

	private static int clamp(final int v) {
		return Math.max(0, Math.min(255, v));
	}

	/** A smoothly varying colour image with Gaussian noise of the given standard deviation. */
	static int[] smoothColour(final int width, final int height, final double noise, final long seed) {
		final Random rnd = new Random(seed);
		final int[] rgb = new int[width * height];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				final int r = (int) Math.round(128 + 60 * Math.sin(x / 4.0) + noise * rnd.nextGaussian());
				final int g = (int) Math.round(128 + 60 * Math.cos(y / 5.0) + noise * rnd.nextGaussian());
				final int b = (int) Math.round(100 + 2 * (x + y) + noise * rnd.nextGaussian());
				rgb[i] = pack(r, g, b);
			}
		return rgb;
	}

	/** Region labels: vertical stripes of the given width, labels cycling 0..labels-1. */
	static int[] stripes(final int width, final int height, final int stripe, final int labels) {
		final int[] truth = new int[width * height];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++)
				truth[i] = (x / stripe) % labels;
		return truth;
	}

	/** Two regions: a centred disc (label 1) on a background (label 0). */
	static int[] disc(final int width, final int height, final double radius) {
		final int[] truth = new int[width * height];
		final double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++)
				truth[i] = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius ? 1 : 0;
		return truth;
	}

	/** One clearly distinct colour per label, plus Gaussian noise. */
	static int[] colourRegions(final int[] truth, final double noise, final long seed) {
		final int[][] palette = { { 200, 40, 40 }, { 40, 180, 60 }, { 50, 60, 210 }, { 220, 210, 60 }, { 120, 120,
			120 } };
		final Random rnd = new Random(seed);
		final int[] rgb = new int[truth.length];
		for (int i = 0; i < truth.length; i++) {
			final int[] c = palette[truth[i] % palette.length];
			rgb[i] = pack((int) Math.round(c[0] + noise * rnd.nextGaussian()), (int) Math.round(c[1] + noise * rnd
				.nextGaussian()), (int) Math.round(c[2] + noise * rnd.nextGaussian()));
		}
		return rgb;
	}

	/**
	 * Label-major unary energies: 0 for the true label, {@code gap} for the others, plus uniform noise
	 * in [0, jitter); a fraction {@code flip} of pixels instead favours a random wrong label.
	 */
	static float[] noisyUnary(final int[] truth, final int labels, final double gap, final double jitter,
		final double flip, final long seed)
	{
		final Random rnd = new Random(seed);
		final int n = truth.length;
		final float[] u = new float[labels * n];
		for (int i = 0; i < n; i++) {
			int favoured = truth[i];
			if (rnd.nextDouble() < flip) favoured = (truth[i] + 1 + rnd.nextInt(labels - 1)) % labels;
			for (int l = 0; l < labels; l++)
				u[l * n + i] = (float) ((l == favoured ? 0 : gap) + jitter * rnd.nextDouble());
		}
		return u;
	}

	static double accuracy(final int[] labels, final int[] truth) {
		int ok = 0;
		for (int i = 0; i < truth.length; i++)
			if (labels[i] == truth[i]) ok++;
		return ok / (double) truth.length;
	}

	/** Argmax over labels of -U (the label of lowest energy). */
	static int[] unaryArgmin(final float[] u, final int labels, final int n) {
		final float[] neg = new float[u.length];
		for (int p = 0; p < u.length; p++)
			neg[p] = -u[p];
		return CrfResult.argmax(neg, labels, n);
	}

	static float[] randomValues(final int count, final long seed) {
		final Random rnd = new Random(seed);
		final float[] v = new float[count];
		for (int i = 0; i < count; i++)
			v[i] = rnd.nextFloat();
		return v;
	}
}
