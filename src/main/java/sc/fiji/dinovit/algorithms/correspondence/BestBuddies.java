package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;

import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.util.Progress;

/**
 * Mutual nearest neighbours ("best buddies") under cosine similarity between the patches of two
 * images (reference section 5.2, steps 3-4). Immutable result.
 * <p>
 * nnAB[i] = argmax_j cos(A_i, B_j), nnBA[j] = argmax_i cos(A_i, B_j); ties go to the first maximal
 * index (numpy/torch argmax). Patch i of A is a best buddy if nnBA[nnAB[i]] == i. The full
 * similarity matrix is never stored (blocked search, see {@code BlockedCosineSearch}); the
 * computation uses the common fork-join pool and its result does not depend on the thread count.
 */
public final class BestBuddies {

	private final int[] nnAB;
	private final int[] nnBA;
	private final float[] simAB;
	private final float[] simBA;
	private final int[] buddies;

	private BestBuddies(final int[] nnAB, final float[] simAB, final int[] nnBA, final float[] simBA) {
		this.nnAB = nnAB;
		this.nnBA = nnBA;
		this.simAB = simAB;
		this.simBA = simBA;
		this.buddies = mutualIndices(nnAB, nnBA);
	}

	private static int[] mutualIndices(final int[] nnAB, final int[] nnBA) {
		int count = 0;
		final int[] tmp = new int[nnAB.length];
		for (int i = 0; i < nnAB.length; i++)
			if (nnBA[nnAB[i]] == i) tmp[count++] = i;
		return Arrays.copyOf(tmp, count);
	}

	/**
	 * Best buddies between two images' patch descriptors.
	 *
	 * @throws IllegalArgumentException if the descriptor dimensions differ
	 */
	public static BestBuddies of(final Descriptors a, final Descriptors b) {
		return of(a, b, Progress.NONE);
	}

	/** As {@link #of(Descriptors, Descriptors)}, checking {@code cancel} every few million multiply-adds. */
	public static BestBuddies of(final Descriptors a, final Descriptors b, final Progress cancel) {
		checkSameDim(a, b);
		return of(a.data(), a.numPatches(), b.data(), b.numPatches(), a.dim(), cancel);
	}

	/**
	 * Best buddies between two sets of descriptors stored patch-major ({@code n * d} floats each).
	 * Descriptors need not be normalised; they must be finite.
	 */
	public static BestBuddies of(final float[] a, final int nA, final float[] b, final int nB, final int d) {
		return of(a, nA, b, nB, d, Progress.NONE);
	}

	/**
	 * As {@link #of(float[], int, float[], int, int)}, checking {@code cancel} every few million
	 * multiply-adds.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public static BestBuddies of(final float[] a, final int nA, final float[] b, final int nB, final int d,
		final Progress cancel)
	{
		if ((long) nA * d != a.length || (long) nB * d != b.length) throw new IllegalArgumentException(
			"Descriptor arrays have " + a.length + " and " + b.length + " values, expected " + nA + " x " +
				d + " and " + nB + " x " + d);
		final BlockedCosineSearch.Result r = BlockedCosineSearch.search(a, nA, b, nB, d, true, cancel);
		return new BestBuddies(r.rowArg, r.rowMax, r.colArg, r.colMax);
	}

	/**
	 * @throws IllegalArgumentException naming both dimensions if they differ
	 */
	static void checkSameDim(final Descriptors a, final Descriptors b) {
		if (a.dim() != b.dim()) throw new IllegalArgumentException("Descriptor dimensions differ: " +
			"image A has " + a.dim() + " values per patch" + (a.isBinned() ? " (binned)" : "") +
			", image B has " + b.dim() + (b.isBinned() ? " (binned)" : "") +
			": extract both with the same model, layer, facet and binning");
	}

	public int numA() { return nnAB.length; }

	public int numB() { return nnBA.length; }

	/** The most similar patch of B to patch i of A. */
	public int nnAB(final int i) { return nnAB[i]; }

	/** The most similar patch of A to patch j of B. */
	public int nnBA(final int j) { return nnBA[j]; }

	/** cos(A_i, B_nnAB[i]). */
	public float similarityAB(final int i) { return simAB[i]; }

	/** cos(A_nnBA[j], B_j). */
	public float similarityBA(final int j) { return simBA[j]; }

	/** A copy of nnAB (length numA). */
	public int[] nnABArray() { return nnAB.clone(); }

	/** A copy of nnBA (length numB). */
	public int[] nnBAArray() { return nnBA.clone(); }

	public boolean isBuddy(final int i) { return nnBA[nnAB[i]] == i; }

	/** The A indices that are best buddies, ascending (a copy). */
	public int[] buddies() { return buddies.clone(); }

	public int numBuddies() { return buddies.length; }
}
