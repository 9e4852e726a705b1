package sc.fiji.dinovit.ij1;

import java.util.Arrays;

import ij.process.LUT;

/**
 * A Glasbey-like lookup table for label images, computed in code (no LUT file needed): entry 0 is
 * black (background); entries 1 to 255 are picked greedily, each the candidate colour farthest (in
 * CIELAB, Euclidean) from every colour picked before it, black included. Candidates are the sRGB
 * grid with 16 levels per channel whose lightness L* is between {@value #MIN_LIGHTNESS} and
 * {@value #MAX_LIGHTNESS}, so every part stands out on the black background and none is near white.
 * Ties go to the first candidate in grid order, so the table is the same on every run.
 */
public final class LabelColors {

	static final double MIN_LIGHTNESS = 35, MAX_LIGHTNESS = 92;
	private static final int LEVELS = 16;
	private static LUT lut;

	private LabelColors() {}

	/** The 256-entry table (shared; computed on first use). */
	public static synchronized LUT lut() {
		if (lut == null) {
			final int[] rgb = colors(256);
			final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
			for (int i = 0; i < 256; i++) {
				r[i] = (byte) (rgb[i] >> 16);
				g[i] = (byte) (rgb[i] >> 8);
				b[i] = (byte) rgb[i];
			}
			lut = new LUT(r, g, b);
		}
		return (LUT) lut.clone();
	}

	/**
	 * The first {@code n} colours as packed 0xRRGGBB: black, then the greedy max-min picks.
	 *
	 * @param n 1 to the number of candidates
	 */
	static int[] colors(final int n) {
		final int[] candidates = candidates();
		if (n < 1 || n > candidates.length + 1) throw new IllegalArgumentException("Between 1 and " +
			(candidates.length + 1) + " colours, got " + n);
		final double[][] lab = new double[candidates.length][];
		final double[] nearest = new double[candidates.length];
		final double[] black = lab(0);
		for (int c = 0; c < candidates.length; c++) {
			lab[c] = lab(candidates[c]);
			nearest[c] = distance2(lab[c], black);
		}
		final int[] out = new int[n];
		for (int i = 1; i < n; i++) {
			int best = 0;
			for (int c = 1; c < candidates.length; c++)
				if (nearest[c] > nearest[best]) best = c;
			out[i] = candidates[best];
			final double[] picked = lab[best];
			for (int c = 0; c < candidates.length; c++)
				nearest[c] = Math.min(nearest[c], distance2(lab[c], picked));
		}
		return out;
	}

	private static int[] candidates() {
		final int[] all = new int[LEVELS * LEVELS * LEVELS];
		int n = 0;
		for (int r = 0; r < LEVELS; r++)
			for (int g = 0; g < LEVELS; g++)
				for (int b = 0; b < LEVELS; b++) {
					final int rgb = (r * 17) << 16 | (g * 17) << 8 | b * 17;
					final double l = lab(rgb)[0];
					if (l >= MIN_LIGHTNESS && l <= MAX_LIGHTNESS) all[n++] = rgb;
				}
		return Arrays.copyOf(all, n);
	}

	/** CIELAB (D65) of a packed sRGB colour. */
	static double[] lab(final int rgb) {
		final double r = linear(rgb >> 16 & 0xff), g = linear(rgb >> 8 & 0xff), b = linear(rgb & 0xff);
		final double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
		final double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
		final double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
		final double fx = f(x), fy = f(y), fz = f(z);
		return new double[] { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
	}

	private static double linear(final int v) {
		final double c = v / 255.0;
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}

	private static double f(final double t) {
		return t > 216 / 24389.0 ? Math.cbrt(t) : (24389 / 27.0 * t + 16) / 116;
	}

	private static double distance2(final double[] a, final double[] b) {
		final double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
		return d0 * d0 + d1 * d1 + d2 * d2;
	}
}
