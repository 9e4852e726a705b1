package sc.fiji.dinovit.algorithms.cluster;

import java.util.List;
import java.util.SplittableRandom;

import sc.fiji.dinovit.util.Progress;

/**
 * Mean-centred PCA without whitening, as scikit-learn's {@code PCA(n_components)}: the top
 * eigenvectors of the sample covariance (denominator n - 1).
 * <p>
 * Data layout: each array is n_i * dim floats, row-major; several arrays (e.g. one per image) are
 * fitted as their concatenation without copying.
 * <p>
 * Solvers: {@link Solver#EXACT} builds the dim x dim covariance and diagonalises it fully (Jacobi);
 * {@link Solver#SUBSPACE} runs seeded block subspace iteration with Rayleigh-Ritz on the covariance
 * (built explicitly for dim <= {@value #DENSE_COVARIANCE_MAX_DIM}, otherwise applied as
 * X^T (X v) without forming it) until the residuals of the wanted components are below
 * 1e-10 of the top eigenvalue. {@link Solver#AUTO} uses EXACT for dim <= {@value #EXACT_MAX_DIM}.
 * <p>
 * Signs follow sklearn 1.2's {@code svd_flip} with the U-based decision: each component is
 * oriented so that the projection (score) of largest magnitude over the training samples (the
 * first such sample on ties) is positive. Newer sklearn versions may flip differently; compare up
 * to sign.
 * <p>
 * Threads: {@code threads} only changes speed; results are identical for any value.
 */
public final class Pca {

	/** Largest dim for which {@link Solver#AUTO} picks the exact solver. */
	public static final int EXACT_MAX_DIM = 256;
	/** Largest dim for which the subspace solver forms the covariance matrix explicitly. */
	public static final int DENSE_COVARIANCE_MAX_DIM = 1024;
	private static final int OVERSAMPLING = 10;
	private static final int MAX_SUBSPACE_ITERATIONS = 2000;
	private static final double RESIDUAL_TOLERANCE = 1e-10;
	private static final int ROW_CHUNK = 1024;
	/** Rows between two cancel checks in a pass over the data. */
	static final int CANCEL_CHECK_ROWS = 256;

	/** Eigen-solver choice. */
	public enum Solver { AUTO, EXACT, SUBSPACE }

	private final int nComponents;
	private final Solver solver;
	private final long seed;
	private final int threads;

	private Pca(final int nComponents, final Solver solver, final long seed, final int threads) {
		if (nComponents < 1) throw new IllegalArgumentException("nComponents must be >= 1, got " + nComponents);
		if (solver == null) throw new IllegalArgumentException("solver must not be null");
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		this.nComponents = nComponents;
		this.solver = solver;
		this.seed = seed;
		this.threads = threads;
	}

	/** PCA keeping {@code nComponents} components (the reference uses 4), AUTO solver, seed 0, 1 thread. */
	public static Pca of(final int nComponents) {
		return new Pca(nComponents, Solver.AUTO, 0, 1);
	}

	public Pca withSolver(final Solver s) { return new Pca(nComponents, s, seed, threads); }

	/** Seed of the subspace solver's random start (results agree across seeds to solver precision). */
	public Pca withSeed(final long s) { return new Pca(nComponents, solver, s, threads); }

	public Pca withThreads(final int t) { return new Pca(nComponents, solver, seed, t); }

	public int nComponents() { return nComponents; }

	/** Fits one array of n * dim floats. */
	public PcaModel fit(final float[] data, final int dim) {
		return fit(List.of(data), dim);
	}

	/** Fits the concatenation of several arrays (e.g. all images together), each n_i * dim floats. */
	public PcaModel fit(final List<float[]> blocks, final int dim) {
		return fit(blocks, dim, Progress.NONE);
	}

	/**
	 * As {@link #fit(List, int)}, checking {@code cancel} every {@value #CANCEL_CHECK_ROWS} rows of
	 * every pass over the data and at every subspace iteration.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public PcaModel fit(final List<float[]> blocks, final int dim, final Progress cancel) {
		final Rows rows = new Rows(blocks, dim, cancel);
		final long n = rows.count;
		if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 samples, got " + n);
		if (nComponents > Math.min(n, dim)) throw new IllegalArgumentException(
			"nComponents=" + nComponents + " exceeds min(samples, dim) = " + Math.min(n, dim));
		final double[] mean = rows.mean();
		try (Parallel par = new Parallel(threads)) {
			final double total = rows.totalVariance(mean);
			final boolean exact = solver == Solver.EXACT || (solver == Solver.AUTO && dim <= EXACT_MAX_DIM);
			final double[] values = new double[nComponents];
			final double[] axes = new double[nComponents * dim];
			if (exact) {
				final SymmetricEigen eig = SymmetricEigen.of(covariance(rows, mean, par), dim);
				for (int c = 0; c < nComponents; c++) {
					values[c] = eig.values[c];
					for (int j = 0; j < dim; j++)
						axes[c * dim + j] = eig.vectors[j * dim + c];
				}
			}
			else subspace(rows, mean, par, values, axes);
			flipSigns(rows, mean, axes);
			for (int c = 0; c < nComponents; c++)
				values[c] = Math.max(values[c], 0);
			return new PcaModel(dim, nComponents, mean, axes, values, total, n);
		}
	}

	/** Sample covariance (n - 1), dim x dim row-major, full symmetric. */
	private static double[] covariance(final Rows rows, final double[] mean, final Parallel par) {
		final int d = rows.dim;
		final double[] cov = new double[d * d];
		final int tasks = Math.min(d, 4 * par.threads());
		par.forEach(tasks, t -> {
			final double[] y = new double[d];
			rows.forEachRow((block, off) -> {
				for (int j = 0; j < d; j++)
					y[j] = block[off + j] - mean[j];
				for (int i = t; i < d; i += tasks) {
					final double yi = y[i];
					final int rb = i * d;
					for (int j = i; j < d; j++)
						cov[rb + j] += yi * y[j];
				}
			});
		});
		final double scale = 1.0 / (rows.count - 1);
		for (int i = 0; i < d; i++)
			for (int j = i; j < d; j++) {
				final double v = cov[i * d + j] * scale;
				cov[i * d + j] = v;
				cov[j * d + i] = v;
			}
		return cov;
	}

	/** Subspace iteration with Rayleigh-Ritz; writes the top nComponents eigenpairs. */
	private void subspace(final Rows rows, final double[] mean, final Parallel par, final double[] values,
		final double[] axes)
	{
		final int d = rows.dim;
		final int l = (int) Math.min(Math.min(d, rows.count), nComponents + OVERSAMPLING);
		final CovarianceOperator op = d <= DENSE_COVARIANCE_MAX_DIM ? new DenseOperator(covariance(rows, mean, par), d,
			par) : new ImplicitOperator(rows, mean, par);
		final SplittableRandom rng = new SplittableRandom(seed);
		double[] v = new double[d * l];
		for (int i = 0; i < v.length; i++)
			v[i] = rng.nextGaussian();
		orthonormalise(v, d, l);
		for (int it = 0; it < MAX_SUBSPACE_ITERATIONS; it++) {
			rows.cancel.checkCancelled();
			double[] z = op.apply(v, l);
			final SymmetricEigen ritz = SymmetricEigen.of(gram(v, z, d, l), l);
			v = multiply(v, ritz.vectors, d, l);
			z = multiply(z, ritz.vectors, d, l);
			if (converged(v, z, ritz.values, d, l) || it == MAX_SUBSPACE_ITERATIONS - 1) {
				for (int c = 0; c < nComponents; c++) {
					values[c] = ritz.values[c];
					for (int j = 0; j < d; j++)
						axes[c * d + j] = v[j * l + c];
				}
				return;
			}
			v = z;
			orthonormalise(v, d, l);
		}
	}

	private boolean converged(final double[] v, final double[] z, final double[] theta, final int d, final int l) {
		final double scale = Math.max(Math.abs(theta[0]), Double.MIN_NORMAL);
		for (int c = 0; c < nComponents; c++) {
			double r = 0;
			for (int j = 0; j < d; j++) {
				final double e = z[j * l + c] - theta[c] * v[j * l + c];
				r += e * e;
			}
			if (Math.sqrt(r) > RESIDUAL_TOLERANCE * scale) return false;
		}
		return true;
	}

	/** V^T Z (l x l), symmetrised. */
	private static double[] gram(final double[] v, final double[] z, final int d, final int l) {
		final double[] h = new double[l * l];
		for (int j = 0; j < d; j++)
			for (int a = 0; a < l; a++) {
				final double va = v[j * l + a];
				for (int b = 0; b < l; b++)
					h[a * l + b] += va * z[j * l + b];
			}
		for (int a = 0; a < l; a++)
			for (int b = a + 1; b < l; b++) {
				final double s = 0.5 * (h[a * l + b] + h[b * l + a]);
				h[a * l + b] = s;
				h[b * l + a] = s;
			}
		return h;
	}

	/** (d x l) times (l x l). */
	private static double[] multiply(final double[] a, final double[] s, final int d, final int l) {
		final double[] out = new double[d * l];
		for (int j = 0; j < d; j++)
			for (int k = 0; k < l; k++) {
				final double ajk = a[j * l + k];
				for (int c = 0; c < l; c++)
					out[j * l + c] += ajk * s[k * l + c];
			}
		return out;
	}

	/** Modified Gram-Schmidt, twice, on the l columns of a d x l matrix; rank-deficient columns get a unit vector. */
	static void orthonormalise(final double[] v, final int d, final int l) {
		for (int pass = 0; pass < 2; pass++)
			for (int c = 0; c < l; c++) {
				for (int p = 0; p < c; p++) {
					double dot = 0;
					for (int j = 0; j < d; j++)
						dot += v[j * l + p] * v[j * l + c];
					for (int j = 0; j < d; j++)
						v[j * l + c] -= dot * v[j * l + p];
				}
				double norm = 0;
				for (int j = 0; j < d; j++)
					norm += v[j * l + c] * v[j * l + c];
				norm = Math.sqrt(norm);
				if (norm < 1e-300) {
					for (int j = 0; j < d; j++)
						v[j * l + c] = j == c % d ? 1 : 0;
					continue;
				}
				for (int j = 0; j < d; j++)
					v[j * l + c] /= norm;
			}
	}

	/** Orients each axis so that its largest-magnitude training score is positive (sklearn 1.2 svd_flip). */
	private void flipSigns(final Rows rows, final double[] mean, final double[] axes) {
		final int d = rows.dim;
		final double[] bestAbs = new double[nComponents];
		final double[] bestScore = new double[nComponents];
		final double[] y = new double[d];
		rows.forEachRow((block, off) -> {
			for (int j = 0; j < d; j++)
				y[j] = block[off + j] - mean[j];
			for (int c = 0; c < nComponents; c++) {
				double s = 0;
				for (int j = 0; j < d; j++)
					s += y[j] * axes[c * d + j];
				if (Math.abs(s) > bestAbs[c]) {
					bestAbs[c] = Math.abs(s);
					bestScore[c] = s;
				}
			}
		});
		for (int c = 0; c < nComponents; c++)
			if (bestScore[c] < 0) for (int j = 0; j < d; j++)
				axes[c * d + j] = -axes[c * d + j];
	}

	/** Applies the sample covariance to the l columns of a d x l matrix. */
	private interface CovarianceOperator {
		double[] apply(double[] v, int l);
	}

	private static final class DenseOperator implements CovarianceOperator {
		private final double[] cov;
		private final int d;
		private final Parallel par;

		DenseOperator(final double[] cov, final int d, final Parallel par) {
			this.cov = cov;
			this.d = d;
			this.par = par;
		}

		@Override
		public double[] apply(final double[] v, final int l) {
			final double[] z = new double[d * l];
			par.forEach(par.threads(), t -> {
				final int i0 = d * t / par.threads();
				final int i1 = d * (t + 1) / par.threads();
				for (int i = i0; i < i1; i++)
					for (int k = 0; k < d; k++) {
						final double c = cov[i * d + k];
						for (int b = 0; b < l; b++)
							z[i * l + b] += c * v[k * l + b];
					}
			});
			return z;
		}
	}

	/** X_c^T (X_c V) / (n - 1) without forming the covariance. */
	private static final class ImplicitOperator implements CovarianceOperator {
		private final Rows rows;
		private final double[] mean;
		private final Parallel par;

		ImplicitOperator(final Rows rows, final double[] mean, final Parallel par) {
			this.rows = rows;
			this.mean = mean;
			this.par = par;
		}

		@Override
		public double[] apply(final double[] v, final int l) {
			final int d = rows.dim;
			final int n = (int) rows.count;
			final double[] t = new double[n * l];
			par.forEach(Parallel.numChunks(n, ROW_CHUNK), ch -> {
				final int r0 = ch * ROW_CHUNK;
				final int r1 = Math.min(n, r0 + ROW_CHUNK);
				rows.cancel.checkCancelled();
				for (int r = r0; r < r1; r++) {
					final float[] block = rows.blockOf(r);
					final int off = rows.offsetOf(r);
					for (int j = 0; j < d; j++) {
						final double y = block[off + j] - mean[j];
						for (int b = 0; b < l; b++)
							t[r * l + b] += y * v[j * l + b];
					}
				}
			});
			final double[] z = new double[d * l];
			final double scale = 1.0 / (n - 1);
			final int slices = Math.min(d, par.threads());
			par.forEach(slices, s -> {
				final int j0 = d * s / slices;
				final int j1 = d * (s + 1) / slices;
				for (int r = 0; r < n; r++) {
					if (r % CANCEL_CHECK_ROWS == 0) rows.cancel.checkCancelled();
					final float[] block = rows.blockOf(r);
					final int off = rows.offsetOf(r);
					for (int j = j0; j < j1; j++) {
						final double y = block[off + j] - mean[j];
						for (int b = 0; b < l; b++)
							z[j * l + b] += y * t[r * l + b];
					}
				}
				for (int j = j0; j < j1; j++)
					for (int b = 0; b < l; b++)
						z[j * l + b] *= scale;
			});
			return z;
		}
	}

	/** Row access over a list of row-major blocks. */
	private static final class Rows {
		final List<float[]> blocks;
		final int dim;
		final long count;
		final Progress cancel;
		private final int[] firstRow;

		Rows(final List<float[]> blocks, final int dim, final Progress cancel) {
			this.cancel = cancel;
			if (dim <= 0) throw new IllegalArgumentException("Dimension must be positive, got " + dim);
			if (blocks == null || blocks.isEmpty()) throw new IllegalArgumentException("No data to fit");
			this.blocks = blocks;
			this.dim = dim;
			this.firstRow = new int[blocks.size() + 1];
			long c = 0;
			for (int b = 0; b < blocks.size(); b++) {
				final float[] a = blocks.get(b);
				if (a == null || a.length % dim != 0) throw new IllegalArgumentException(
					"Block " + b + " length is not a multiple of the dimension " + dim);
				c += a.length / dim;
				if (c > Integer.MAX_VALUE) throw new IllegalArgumentException("Too many samples: " + c);
				firstRow[b + 1] = (int) c;
			}
			this.count = c;
		}

		interface RowVisitor {
			void visit(float[] block, int offset);
		}

		void forEachRow(final RowVisitor visitor) {
			final int checkEvery = CANCEL_CHECK_ROWS * dim;
			for (final float[] a : blocks)
				for (int off = 0; off < a.length; off += dim) {
					if (off % checkEvery == 0) cancel.checkCancelled();
					visitor.visit(a, off);
				}
		}

		float[] blockOf(final int row) {
			return blocks.get(blockIndex(row));
		}

		int offsetOf(final int row) {
			return (row - firstRow[blockIndex(row)]) * dim;
		}

		private int blockIndex(final int row) {
			int lo = 0;
			int hi = blocks.size() - 1;
			while (lo < hi) {
				final int mid = (lo + hi + 1) >>> 1;
				if (firstRow[mid] <= row) lo = mid;
				else hi = mid - 1;
			}
			return lo;
		}

		double[] mean() {
			final double[] m = new double[dim];
			forEachRow((a, off) -> {
				for (int j = 0; j < dim; j++)
					m[j] += a[off + j];
			});
			for (int j = 0; j < dim; j++)
				m[j] /= count;
			return m;
		}

		/** Sum of per-dimension sample variances (trace of the covariance). */
		double totalVariance(final double[] mean) {
			final double[] s = { 0 };
			forEachRow((a, off) -> {
				double r = 0;
				for (int j = 0; j < dim; j++) {
					final double y = a[off + j] - mean[j];
					r += y * y;
				}
				s[0] += r;
			});
			return s[0] / (count - 1);
		}
	}
}
