package sc.fiji.dinovit.algorithms.cluster;

/**
 * The outcome of {@link KMeans#fit}: the centroids of the best restart, its objective and the
 * number of Lloyd iterations it ran. Immutable: accessors return copies.
 */
public final class KMeansResult {

	private final int k;
	private final int dim;
	private final float[] centroids;
	private final double objective;
	private final int iterations;
	private final int trainingPoints;

	KMeansResult(final int k, final int dim, final float[] centroids, final double objective,
		final int iterations, final int trainingPoints)
	{
		this.k = k;
		this.dim = dim;
		this.centroids = centroids;
		this.objective = objective;
		this.iterations = iterations;
		this.trainingPoints = trainingPoints;
	}

	public int k() { return k; }

	public int dim() { return dim; }

	/** Centroids, k * dim floats, row-major. Plain means (not re-normalised). */
	public float[] centroids() { return centroids.clone(); }

	/**
	 * Sum of squared distances of the (possibly subsampled) training points to the returned
	 * centroids, i.e. the objective of their final assignment.
	 */
	public double objective() { return objective; }

	/** Lloyd iterations (assignment + update) of the kept restart. */
	public int iterations() { return iterations; }

	/** Points actually trained on (after subsampling). */
	public int trainingPoints() { return trainingPoints; }

	/** A nearest-centroid searcher for these centroids. */
	public NearestCentroid nearestCentroid() { return new NearestCentroid(centroids, dim); }
}
