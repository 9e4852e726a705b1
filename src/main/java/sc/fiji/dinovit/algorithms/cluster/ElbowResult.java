package sc.fiji.dinovit.algorithms.cluster;

/**
 * The outcome of {@link ElbowSearch}: the chosen k, its model and the labels of all descriptors,
 * plus the objective curve e_1..e_m of every k tried (m = chosen k). Immutable: accessors return
 * copies.
 */
public final class ElbowResult {

	private final KMeansResult model;
	private final Assignment assignment;
	private final double[] objectives;
	private final boolean stoppedByRule;

	ElbowResult(final KMeansResult model, final Assignment assignment, final double[] objectives,
		final boolean stoppedByRule)
	{
		this.model = model;
		this.assignment = assignment;
		this.objectives = objectives;
		this.stoppedByRule = stoppedByRule;
	}

	/** The chosen number of clusters. */
	public int k() { return model.k(); }

	/** The k-means model trained for the chosen k. */
	public KMeansResult model() { return model; }

	/** Centroids of the chosen k (k * dim, row-major). */
	public float[] centroids() { return model.centroids(); }

	/** Labels of all descriptors for the chosen k, in source order. */
	public int[] labels() { return assignment.labels(); }

	public Assignment assignment() { return assignment; }

	/** e_k for k = 1..k(): mean squared distance of all descriptors to their nearest centroid. */
	public double[] objectives() { return objectives.clone(); }

	/** True if the elbow rule fired; false if the search ran up to kMax. */
	public boolean stoppedByRule() { return stoppedByRule; }
}
