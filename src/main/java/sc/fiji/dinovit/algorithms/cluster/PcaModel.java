package sc.fiji.dinovit.algorithms.cluster;

/**
 * A fitted PCA: mean, principal axes (unit vectors, by decreasing variance) and their variances.
 * Equal to scikit-learn's {@code PCA} (no whitening) up to numerical precision, with sklearn 1.2's
 * sign convention (see {@link Pca}). Immutable: accessors return copies.
 */
public final class PcaModel {

	private final int dim;
	private final int nComponents;
	private final double[] mean;
	private final double[] components;
	private final double[] explainedVariance;
	private final double totalVariance;
	private final long samples;

	PcaModel(final int dim, final int nComponents, final double[] mean, final double[] components,
		final double[] explainedVariance, final double totalVariance, final long samples)
	{
		this.dim = dim;
		this.nComponents = nComponents;
		this.mean = mean;
		this.components = components;
		this.explainedVariance = explainedVariance;
		this.totalVariance = totalVariance;
		this.samples = samples;
	}

	public int dim() { return dim; }

	public int nComponents() { return nComponents; }

	/** Number of samples the model was fitted on. */
	public long samples() { return samples; }

	/** Per-dimension mean of the training data. */
	public double[] mean() { return mean.clone(); }

	/** Principal axes, nComponents * dim row-major (sklearn's {@code components_}). */
	public double[] components() { return components.clone(); }

	/** Variance along each axis, with the n - 1 denominator (sklearn's {@code explained_variance_}). */
	public double[] explainedVariance() { return explainedVariance.clone(); }

	/** explainedVariance / total variance of the data (sklearn's {@code explained_variance_ratio_}). */
	public double[] explainedVarianceRatio() {
		final double[] r = new double[nComponents];
		for (int i = 0; i < nComponents; i++)
			r[i] = explainedVariance[i] / totalVariance;
		return r;
	}

	/**
	 * Projects row-major data (n * dim) onto the axes: out[i * nComponents + c] = (x_i - mean) . v_c,
	 * computed in double, stored as float.
	 */
	public float[] transform(final float[] data) {
		if (data.length % dim != 0) throw new IllegalArgumentException(
			"Data length " + data.length + " is not a multiple of the dimension " + dim);
		final int n = data.length / dim;
		final float[] out = new float[n * nComponents];
		final double[] centred = new double[dim];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < dim; j++)
				centred[j] = data[i * dim + j] - mean[j];
			for (int c = 0; c < nComponents; c++) {
				double s = 0;
				final int cb = c * dim;
				for (int j = 0; j < dim; j++)
					s += centred[j] * components[cb + j];
				out[i * nComponents + c] = (float) s;
			}
		}
		return out;
	}
}
