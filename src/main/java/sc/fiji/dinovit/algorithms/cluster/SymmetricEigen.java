package sc.fiji.dinovit.algorithms.cluster;

/**
 * Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (accurate to
 * machine precision; O(n^3) per sweep, meant for n up to a few hundred).
 * Eigenvalues are returned in descending order, eigenvectors as the matching columns.
 */
final class SymmetricEigen {

	private static final int MAX_SWEEPS = 100;

	/** Eigenvalues, descending. */
	final double[] values;
	/** Eigenvectors, n x n row-major: column i belongs to values[i]. */
	final double[] vectors;

	private SymmetricEigen(final double[] values, final double[] vectors) {
		this.values = values;
		this.vectors = vectors;
	}

	/** Decomposes the symmetric n x n matrix {@code a} (row-major; only read, never modified). */
	static SymmetricEigen of(final double[] a, final int n) {
		if (a.length != n * n) throw new IllegalArgumentException("Matrix has " + a.length + " entries, expected " + n * n);
		final double[] m = a.clone();
		final double[] v = new double[n * n];
		for (int i = 0; i < n; i++)
			v[i * n + i] = 1;
		for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
			final double off = offDiagonalNorm(m, n);
			if (off == 0 || off <= 1e-15 * frobenius(m, n)) break;
			for (int p = 0; p < n - 1; p++)
				for (int q = p + 1; q < n; q++)
					rotate(m, v, n, p, q);
		}
		return sorted(m, v, n);
	}

	/** Zeroes m[p][q] by a rotation in the (p, q) plane; accumulates it into v. */
	private static void rotate(final double[] m, final double[] v, final int n, final int p, final int q) {
		final double apq = m[p * n + q];
		if (apq == 0) return;
		final double app = m[p * n + p];
		final double aqq = m[q * n + q];
		final double theta = (aqq - app) / (2 * apq);
		final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
		final double c = 1 / Math.sqrt(t * t + 1);
		final double s = t * c;
		for (int r = 0; r < n; r++) {
			// columns p and q
			final double mrp = m[r * n + p];
			final double mrq = m[r * n + q];
			m[r * n + p] = c * mrp - s * mrq;
			m[r * n + q] = s * mrp + c * mrq;
		}
		for (int r = 0; r < n; r++) {
			// rows p and q
			final double mpr = m[p * n + r];
			final double mqr = m[q * n + r];
			m[p * n + r] = c * mpr - s * mqr;
			m[q * n + r] = s * mpr + c * mqr;
		}
		m[p * n + q] = 0;
		m[q * n + p] = 0;
		for (int r = 0; r < n; r++) {
			final double vrp = v[r * n + p];
			final double vrq = v[r * n + q];
			v[r * n + p] = c * vrp - s * vrq;
			v[r * n + q] = s * vrp + c * vrq;
		}
	}

	private static double offDiagonalNorm(final double[] m, final int n) {
		double s = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (i != j) s += m[i * n + j] * m[i * n + j];
		return Math.sqrt(s);
	}

	private static double frobenius(final double[] m, final int n) {
		double s = 0;
		for (final double x : m)
			s += x * x;
		return Math.sqrt(s);
	}

	private static SymmetricEigen sorted(final double[] m, final double[] v, final int n) {
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(m[b * n + b], m[a * n + a]));
		final double[] values = new double[n];
		final double[] vectors = new double[n * n];
		for (int i = 0; i < n; i++) {
			final int src = order[i];
			values[i] = m[src * n + src];
			for (int r = 0; r < n; r++)
				vectors[r * n + i] = v[r * n + src];
		}
		return new SymmetricEigen(values, vectors);
	}
}
