package sc.fiji.dinovit.algorithms.cluster;

/**
 * Nearest-centroid labels and squared Euclidean distances of a set of descriptors, in input order.
 * Immutable: accessors return copies.
 */
public final class Assignment {

	private final int[] labels;
	private final float[] squaredDistances;
	private final double sumOfSquaredDistances;

	Assignment(final int[] labels, final float[] squaredDistances) {
		if (labels.length != squaredDistances.length) throw new IllegalArgumentException(
			"Labels (" + labels.length + ") and distances (" + squaredDistances.length + ") differ in length");
		this.labels = labels;
		this.squaredDistances = squaredDistances;
		double s = 0;
		for (final float d : squaredDistances)
			s += d;
		this.sumOfSquaredDistances = s;
	}

	public int count() { return labels.length; }

	public int label(final int i) { return labels[i]; }

	public int[] labels() { return labels.clone(); }

	public float[] squaredDistances() { return squaredDistances.clone(); }

	/** Sum of squared distances, accumulated in double in input order. */
	public double sumOfSquaredDistances() { return sumOfSquaredDistances; }

	/** Mean squared distance (the reference's elbow objective); NaN for an empty set. */
	public double meanSquaredDistance() {
		return labels.length == 0 ? Double.NaN : sumOfSquaredDistances / labels.length;
	}
}
