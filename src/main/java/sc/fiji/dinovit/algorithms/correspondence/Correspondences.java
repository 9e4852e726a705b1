package sc.fiji.dinovit.algorithms.correspondence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.dinovit.algorithms.similarity.PixelFrames;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.util.Progress;

/**
 * Zero-shot semantic point correspondences between two images (reference section 5) and one-way
 * point matching (section 5.4). Stateless; the similarity search runs on the common fork-join
 * pool and the k-means restarts may too; results do not depend on the thread count.
 * <p>
 * Coordinates: every returned point carries its patch centre in the resized frame (what the
 * network saw) and in the original image's frame; see
 * {@link sc.fiji.dinovit.algorithms.similarity.PatchLocation} for the pixel convention.
 */
public final class Correspondences {

	private Correspondences() {}

	/** {@link #find(ImageFeatures, ImageFeatures, CorrespondenceSettings, PairClusterer)} with the built-in k-means. */
	public static CorrespondenceResult find(final ImageFeatures a, final ImageFeatures b,
		final CorrespondenceSettings s)
	{
		return find(a, b, s, Progress.NONE);
	}

	/**
	 * {@link #find(ImageFeatures, ImageFeatures, CorrespondenceSettings)} that checks {@code cancel}
	 * inside the best-buddy search and the k-means fits.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public static CorrespondenceResult find(final ImageFeatures a, final ImageFeatures b,
		final CorrespondenceSettings s, final Progress cancel)
	{
		return find(a, b, s, PairClusterer.kMeans(s.restarts(), cancel), cancel);
	}

	/**
	 * Correspondences in the reference's step order: best buddies; saliency filter
	 * ({@link SaliencyRule}); pair descriptors [desc_A(i), desc_B(nnAB[i])] divided by the L2 norm of
	 * the concatenation; clustering into k = min(numPairs, #pairs) groups; per group the pair with
	 * the highest mean saliency (ties: lowest A index). Deterministic for a given seed.
	 *
	 * @return the pairs in the order of {@link CorrespondenceResult#OUTPUT_ORDER}; an empty result
	 *         with a reason when no best buddy survives the saliency filter
	 * @throws IllegalArgumentException if the descriptor dimensions differ or an image has no saliency
	 */
	public static CorrespondenceResult find(final ImageFeatures a, final ImageFeatures b,
		final CorrespondenceSettings s, final PairClusterer clusterer)
	{
		return find(a, b, s, clusterer, Progress.NONE);
	}

	/** As {@link #find(ImageFeatures, ImageFeatures, CorrespondenceSettings, PairClusterer)}, checking {@code cancel} in the best-buddy search. */
	public static CorrespondenceResult find(final ImageFeatures a, final ImageFeatures b,
		final CorrespondenceSettings s, final PairClusterer clusterer, final Progress cancel)
	{
		final Descriptors da = a.descriptors();
		final Descriptors db = b.descriptors();
		BestBuddies.checkSameDim(da, db);
		requireSaliency(a, "A");
		requireSaliency(b, "B");
		final float[] salA = a.saliency();
		final float[] salB = b.saliency();
		final BestBuddies bb = BestBuddies.of(da, db, cancel);
		final int[] kept = SaliencyFilter.survivors(bb, salA, salB, s.saliencyThreshold(), s.rule());
		if (kept.length == 0) return new CorrespondenceResult(List.of(), bb.numBuddies(), 0,
			noSurvivorReason(bb, salA, salB, s));
		final int n = kept.length;
		final int k = Math.min(s.numPairs(), n);
		final int d2 = 2 * da.dim();
		final float[] pairDescriptors = pairDescriptors(da, db, bb, kept);
		final int[] labels = clusterer.cluster(pairDescriptors, n, d2, k, s.seed());
		checkLabels(labels, n, k);
		final float[] rank = new float[n];
		for (int p = 0; p < n; p++)
			rank[p] = (salA[kept[p]] + salB[bb.nnAB(kept[p])]) / 2;
		final int[] representative = new int[k];
		java.util.Arrays.fill(representative, -1);
		for (int p = 0; p < n; p++) {
			final int c = labels[p];
			if (representative[c] < 0 || rank[p] > rank[representative[c]]) representative[c] = p;
		}
		final PixelFrames fa = PixelFrames.of(a);
		final PixelFrames fb = PixelFrames.of(b);
		final List<PointPair> pairs = new ArrayList<>(k);
		for (int c = 0; c < k; c++) {
			final int p = representative[c];
			if (p < 0) continue;
			final int i = kept[p];
			pairs.add(new PointPair(fa.locate(i), fb.locate(bb.nnAB(i)), bb.similarityAB(i), rank[p], c));
		}
		return new CorrespondenceResult(pairs, bb.numBuddies(), n, null);
	}

	/**
	 * One-way matching, the protocol the authors used for PCK (section 5.4): each point of A goes
	 * to its nearest patch of A, whose descriptor is matched to the most similar patch of all of B
	 * (ties: lowest index). No best-buddy or saliency filtering.
	 *
	 * @param pointsInA points as {x, y} in A's original pixels (continuous coordinates: a pixel
	 *          index i is the point i + 0.5)
	 * @return one match per point, in the given order
	 * @throws IllegalArgumentException if the descriptor dimensions differ, or a point is not two
	 *           numbers inside A
	 */
	public static List<MatchedPoint> matchPoints(final ImageFeatures a, final ImageFeatures b,
		final List<double[]> pointsInA)
	{
		final Descriptors da = a.descriptors();
		final Descriptors db = b.descriptors();
		BestBuddies.checkSameDim(da, db);
		if (pointsInA.isEmpty()) return List.of();
		final PixelFrames fa = PixelFrames.of(a);
		final PixelFrames fb = PixelFrames.of(b);
		final int d = da.dim();
		final int m = pointsInA.size();
		final int[] sourcePatch = new int[m];
		final float[] queries = new float[m * d];
		for (int q = 0; q < m; q++) {
			final double[] pt = pointsInA.get(q);
			if (pt == null || pt.length != 2) throw new IllegalArgumentException("Point " + q +
				" must be {x, y}, got " + (pt == null ? "null" : pt.length + " values"));
			fa.checkInside(pt[0], pt[1]);
			sourcePatch[q] = fa.nearestPatch(pt[0], pt[1]);
			System.arraycopy(da.data(), sourcePatch[q] * d, queries, q * d, d);
		}
		final BlockedCosineSearch.Result r = BlockedCosineSearch.search(queries, m, db.data(),
			db.numPatches(), d, false);
		final List<MatchedPoint> out = new ArrayList<>(m);
		for (int q = 0; q < m; q++)
			out.add(new MatchedPoint(pointsInA.get(q)[0], pointsInA.get(q)[1], fa.locate(sourcePatch[q]),
				fb.locate(r.rowArg[q]), r.rowMax[q]));
		return List.copyOf(out);
	}

	/** Pair descriptors: [A_i, B_nnAB[i]] / ||[A_i, B_nnAB[i]]|| (norm in double; zero stays zero). */
	static float[] pairDescriptors(final Descriptors da, final Descriptors db, final BestBuddies bb,
		final int[] kept)
	{
		final int d = da.dim();
		final float[] out = new float[kept.length * 2 * d];
		for (int p = 0; p < kept.length; p++) {
			final int o = p * 2 * d;
			System.arraycopy(da.data(), kept[p] * d, out, o, d);
			System.arraycopy(db.data(), bb.nnAB(kept[p]) * d, out, o + d, d);
			double ss = 0;
			for (int t = o; t < o + 2 * d; t++)
				ss += (double) out[t] * out[t];
			if (ss == 0) continue;
			final double inv = 1.0 / Math.sqrt(ss);
			for (int t = o; t < o + 2 * d; t++)
				out[t] = (float) (out[t] * inv);
		}
		return out;
	}

	private static void requireSaliency(final ImageFeatures f, final String name) {
		if (f.saliency() == null) throw new IllegalArgumentException("Image " + name + " has no saliency " +
			"map: correspondences need saliency (extract it with the features)");
	}

	private static void checkLabels(final int[] labels, final int n, final int k) {
		if (labels == null || labels.length != n) throw new IllegalStateException("The clusterer returned " +
			(labels == null ? "null" : labels.length + " labels") + " for " + n + " pairs");
		for (final int l : labels)
			if (l < 0 || l >= k) throw new IllegalStateException("The clusterer returned label " + l +
				" outside [0, " + k + ")");
	}

	private static String noSurvivorReason(final BestBuddies bb, final float[] salA, final float[] salB,
		final CorrespondenceSettings s)
	{
		int salientA = 0;
		for (final int i : bb.buddies())
			if (salA[i] > s.saliencyThreshold()) salientA++;
		int salientB = 0;
		for (final float v : salB)
			if (v > s.saliencyThreshold()) salientB++;
		return String.format(Locale.ROOT, "no best buddy passed the saliency filter (threshold %s, rule %s): " +
			"%d best buddies, %d of them salient in A; %d of %d patches salient in B. Lower the threshold " +
			"or check the saliency maps", s.saliencyThreshold(), s.rule(), bb.numBuddies(), salientA,
			salientB, salB.length);
	}
}
