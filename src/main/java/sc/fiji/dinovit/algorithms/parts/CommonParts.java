package sc.fiji.dinovit.algorithms.parts;

import java.util.List;

/**
 * The third stage's common-part vote (reference-behaviour §4.5 step 3): a part is common if at
 * least one patch of <em>every</em> original image carries it. Stateless.
 */
final class CommonParts {

	private CommonParts() {}

	/**
	 * @param gridLabels per original image, one label per patch: 0..parts-1 for parts, anything
	 *          else (e.g. parts itself) for background
	 * @param parts number of part labels
	 * @return per part label, whether it is present in every image
	 */
	static boolean[] find(final List<int[]> gridLabels, final int parts) {
		final int[] votes = new int[parts];
		for (final int[] labels : gridLabels) {
			final boolean[] present = new boolean[parts];
			for (final int l : labels)
				if (l >= 0 && l < parts) present[l] = true;
			for (int p = 0; p < parts; p++)
				if (present[p]) votes[p]++;
		}
		final boolean[] common = new boolean[parts];
		for (int p = 0; p < parts; p++)
			common[p] = !gridLabels.isEmpty() && votes[p] == gridLabels.size();
		return common;
	}
}
