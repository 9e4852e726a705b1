package sc.fiji.dinovit.algorithms.parts;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The documented, deterministic numbering of output part ids, independent of k-means' arbitrary
 * centroid numbering: parts sorted by <b>descending total area</b> (pixels over all original images,
 * in their original grids), ties broken by the <b>lexicographic order of the centroid vectors</b>
 * (component by component, {@link Float#compare}), then by label. Id = 1 + position. Stateless.
 */
final class PartOrder {

	private PartOrder() {}

	/**
	 * @param areas per part label, total area
	 * @param centroids per part label, its centroid (parts * dim)
	 * @return the part labels in id order (element j = the label that gets id j + 1)
	 */
	static int[] byAreaThenCentroid(final long[] areas, final float[] centroids, final int dim) {
		final Integer[] order = new Integer[areas.length];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		final Comparator<Integer> byArea = (a, b) -> Long.compare(areas[b], areas[a]);
		Arrays.sort(order, byArea.thenComparing((a, b) -> compareRows(centroids, a, b, dim)).thenComparing(
			Comparator.naturalOrder()));
		final int[] out = new int[order.length];
		for (int i = 0; i < out.length; i++)
			out[i] = order[i];
		return out;
	}

	private static int compareRows(final float[] x, final int a, final int b, final int dim) {
		for (int j = 0; j < dim; j++) {
			final int c = Float.compare(x[a * dim + j], x[b * dim + j]);
			if (c != 0) return c;
		}
		return 0;
	}
}
