package sc.fiji.dinovit.algorithms.grabcut;

import java.util.Arrays;

/**
 * An immutable mixture of 3-D Gaussians with full covariances over RGB colours (0..255 per
 * channel), as in OpenCV's GrabCut colour model: the weight of a component is its share of the
 * samples, its mean and covariance are the sample mean and the biased (divide by n) sample
 * covariance, and a covariance whose determinant is at most {@link #SINGULAR_DETERMINANT} gets
 * {@link #REGULARISER} added to its diagonal. Components without samples get weight 0 and are
 * ignored.
 * <p>
 * Densities omit the constant factor (2&pi;)<sup>-3/2</sup>, as OpenCV does; they are evaluated
 * in log space, so colours far from every component get a large finite negative log-likelihood
 * where OpenCV's {@code exp} would underflow to 0.
 * <p>
 * Build one with an {@link Accumulator}.
 */
public final class GaussianMixture {

	/** Determinant at or below which a covariance counts as singular (OpenCV: DBL_EPSILON). */
	public static final double SINGULAR_DETERMINANT = Math.ulp(1.0);
	/** Variance added to each diagonal entry of a singular covariance (as OpenCV). */
	public static final double REGULARISER = 0.01;

	private final int components;
	private final double[] weights;
	private final double[] means; // 3 per component
	private final double[] covariances; // 9 per component, row-major
	private final double[] inverses; // 9 per component, row-major
	private final double[] logNormalisers; // -0.5 * log(det), NaN for empty components
	private final double[] logWeights;

	private GaussianMixture(final int components, final double[] weights, final double[] means,
		final double[] covariances)
	{
		this.components = components;
		this.weights = weights;
		this.means = means;
		this.covariances = covariances;
		inverses = new double[9 * components];
		logNormalisers = new double[components];
		logWeights = new double[components];
		for (int k = 0; k < components; k++) {
			logWeights[k] = Math.log(weights[k]);
			logNormalisers[k] = weights[k] > 0 ? -0.5 * Math.log(invert3x3(covariances, 9 * k, inverses, 9 * k))
				: Double.NaN;
		}
	}

	public int componentCount() {
		return components;
	}

	/** Mixing weight of component k, 0 for a component without samples. */
	public double weight(final int k) {
		return weights[k];
	}

	/** Mean colour (R, G, B) of component k; a copy. */
	public double[] mean(final int k) {
		return Arrays.copyOfRange(means, 3 * k, 3 * k + 3);
	}

	/** Covariance of component k, row-major 3x3 (after regularisation); a copy. */
	public double[] covariance(final int k) {
		return Arrays.copyOfRange(covariances, 9 * k, 9 * k + 9);
	}

	/**
	 * Log of the unweighted density of component k at a colour (up to the constant
	 * -1.5 log 2&pi;); negative infinity for a component without samples.
	 */
	public double componentLogDensity(final int k, final double r, final double g, final double b) {
		if (!(weights[k] > 0)) return Double.NEGATIVE_INFINITY;
		final double dr = r - means[3 * k], dg = g - means[3 * k + 1], db = b - means[3 * k + 2];
		final double[] m = inverses;
		final int o = 9 * k;
		final double mahalanobis = dr * (m[o] * dr + m[o + 1] * dg + m[o + 2] * db) + //
			dg * (m[o + 3] * dr + m[o + 4] * dg + m[o + 5] * db) + //
			db * (m[o + 6] * dr + m[o + 7] * dg + m[o + 8] * db);
		return logNormalisers[k] - 0.5 * mahalanobis;
	}

	/** Log of the mixture density at a colour (up to the constant -1.5 log 2&pi;). */
	public double logDensity(final double r, final double g, final double b) {
		double max = Double.NEGATIVE_INFINITY;
		double sum = 0; // of exp(term - max), accumulated in one pass
		for (int k = 0; k < components; k++) {
			if (!(weights[k] > 0)) continue;
			final double term = logWeights[k] + componentLogDensity(k, r, g, b);
			if (term > max) {
				sum = sum * Math.exp(max - term) + 1;
				max = term;
			}
			else sum += Math.exp(term - max);
		}
		return max + Math.log(sum);
	}

	/**
	 * The component with the highest <em>unweighted</em> density at a colour, the lowest index on
	 * ties (OpenCV's {@code whichComponent}).
	 */
	public int mostLikelyComponent(final double r, final double g, final double b) {
		int best = 0;
		double bestLog = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < components; k++) {
			final double l = componentLogDensity(k, r, g, b);
			if (l > bestLog) {
				bestLog = l;
				best = k;
			}
		}
		return best;
	}

	/**
	 * Inverts the 3x3 matrix at {@code a[ao..ao+8]} into {@code inv[io..io+8]}.
	 *
	 * @return the determinant
	 */
	private static double invert3x3(final double[] a, final int ao, final double[] inv, final int io) {
		final double a00 = a[ao], a01 = a[ao + 1], a02 = a[ao + 2];
		final double a10 = a[ao + 3], a11 = a[ao + 4], a12 = a[ao + 5];
		final double a20 = a[ao + 6], a21 = a[ao + 7], a22 = a[ao + 8];
		final double c00 = a11 * a22 - a12 * a21, c01 = a12 * a20 - a10 * a22, c02 = a10 * a21 - a11 * a20;
		final double det = a00 * c00 + a01 * c01 + a02 * c02;
		inv[io] = c00 / det;
		inv[io + 1] = (a02 * a21 - a01 * a22) / det;
		inv[io + 2] = (a01 * a12 - a02 * a11) / det;
		inv[io + 3] = c01 / det;
		inv[io + 4] = (a00 * a22 - a02 * a20) / det;
		inv[io + 5] = (a02 * a10 - a00 * a12) / det;
		inv[io + 6] = c02 / det;
		inv[io + 7] = (a01 * a20 - a00 * a21) / det;
		inv[io + 8] = (a00 * a11 - a01 * a10) / det;
		return det;
	}

	private static double determinant3x3(final double[] a, final int o) {
		return a[o] * (a[o + 4] * a[o + 8] - a[o + 5] * a[o + 7]) - a[o + 1] * (a[o + 3] * a[o + 8] - a[o + 5] *
			a[o + 6]) + a[o + 2] * (a[o + 3] * a[o + 7] - a[o + 4] * a[o + 6]);
	}

	/** Collects colour samples, each assigned to a component, and fits a mixture to them. */
	public static final class Accumulator {

		private final int components;
		private final long[] counts;
		private final double[] sums;
		private final double[] products;
		private long total;

		public Accumulator(final int components) {
			if (components < 1) throw new IllegalArgumentException("A mixture needs at least one component, not " +
				components);
			this.components = components;
			counts = new long[components];
			sums = new double[3 * components];
			products = new double[9 * components];
		}

		public void add(final int component, final double r, final double g, final double b) {
			counts[component]++;
			total++;
			final double[] s = sums, p = products;
			final int so = 3 * component, po = 9 * component;
			s[so] += r;
			s[so + 1] += g;
			s[so + 2] += b;
			p[po] += r * r;
			p[po + 1] += r * g;
			p[po + 2] += r * b;
			p[po + 4] += g * g;
			p[po + 5] += g * b;
			p[po + 8] += b * b;
		}

		public long sampleCount() {
			return total;
		}

		/**
		 * The fitted mixture.
		 *
		 * @throws IllegalStateException if no sample was added
		 */
		public GaussianMixture fit() {
			if (total == 0) throw new IllegalStateException("Cannot fit a Gaussian mixture to no samples");
			final double[] weights = new double[components];
			final double[] means = new double[3 * components];
			final double[] cov = new double[9 * components];
			for (int k = 0; k < components; k++) {
				final long n = counts[k];
				if (n == 0) continue;
				weights[k] = (double) n / total;
				for (int c = 0; c < 3; c++)
					means[3 * k + c] = sums[3 * k + c] / n;
				for (int i = 0; i < 3; i++)
					for (int j = i; j < 3; j++) {
						final double v = products[9 * k + 3 * i + j] / n - means[3 * k + i] * means[3 * k + j];
						cov[9 * k + 3 * i + j] = v;
						cov[9 * k + 3 * j + i] = v;
					}
				if (determinant3x3(cov, 9 * k) <= SINGULAR_DETERMINANT) for (int i = 0; i < 3; i++)
					cov[9 * k + 4 * i] += REGULARISER;
			}
			return new GaussianMixture(components, weights, means, cov);
		}
	}
}
