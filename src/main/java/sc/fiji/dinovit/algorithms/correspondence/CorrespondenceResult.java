package sc.fiji.dinovit.algorithms.correspondence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Correspondences#find}: the pairs and counts of how many patches survived
 * each step. Immutable.
 * <p>
 * Order of {@link #pairs()}: by descending pair saliency, then ascending A patch index. Cluster
 * labels are arbitrary, so the reference's order (by cluster label) is not reproducible across
 * k-means implementations; {@link #pairsByCluster()} gives it for this run anyway.
 */
public final class CorrespondenceResult {

	/** The documented output order: descending saliency, then ascending A index. */
	public static final Comparator<PointPair> OUTPUT_ORDER = Comparator
		.comparingDouble((PointPair p) -> -p.saliency()).thenComparingInt(p -> p.a().index());

	private final List<PointPair> pairs;
	private final int numBestBuddies;
	private final int numSalient;
	private final String emptyReason;

	CorrespondenceResult(final List<PointPair> pairs, final int numBestBuddies, final int numSalient,
		final String emptyReason)
	{
		final List<PointPair> sorted = new ArrayList<>(pairs);
		sorted.sort(OUTPUT_ORDER);
		this.pairs = List.copyOf(sorted);
		this.numBestBuddies = numBestBuddies;
		this.numSalient = numSalient;
		this.emptyReason = pairs.isEmpty() ? emptyReason : null;
	}

	/** The pairs in the documented output order (unmodifiable). */
	public List<PointPair> pairs() { return pairs; }

	/** The pairs ordered by cluster label, like the reference's output. */
	public List<PointPair> pairsByCluster() {
		final List<PointPair> byCluster = new ArrayList<>(pairs);
		byCluster.sort(Comparator.comparingInt(PointPair::cluster));
		return List.copyOf(byCluster);
	}

	public int size() { return pairs.size(); }

	public boolean isEmpty() { return pairs.isEmpty(); }

	/** Why there are no pairs; empty when there are pairs. */
	public Optional<String> emptyReason() { return Optional.ofNullable(emptyReason); }

	/** How many patches of A were best buddies. */
	public int numBestBuddies() { return numBestBuddies; }

	/** How many best buddies passed the saliency filter (the pairs that were clustered). */
	public int numSalientBuddies() { return numSalient; }

	@Override
	public String toString() {
		return isEmpty() ? "no correspondences: " + emptyReason : pairs.size() + " correspondences (" +
			numSalient + " salient of " + numBestBuddies + " best buddies)";
	}
}
