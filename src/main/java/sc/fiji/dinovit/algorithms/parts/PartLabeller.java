package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.algorithms.crf.DenseCrf;
import sc.fiji.dinovit.algorithms.crf.DenseCrfSettings;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Labels the resized pixels of one image with parts or background (reference-behaviour §4.4 step
 * 4, §4.5 step 5).
 * <p>
 * Energies per patch, over L = K + 1 labels: for part l &lt; K the squared Euclidean distance of the
 * patch's L2-normalised descriptor to part centroid l; for the background label K the minimum
 * squared distance to the background centroids; then minus the patch's maximum over the L values
 * (so energies are &le; 0; lower = more likely). The per-patch grid of energies is upsampled to the
 * resized image by nearest patch centre ({@link PartGeometry#patchOfPixel}), then either the dense
 * CRF picks the labels (mean field) or, without CRF, each pixel takes its patch's lowest energy
 * (ties: lowest label).
 * <p>
 * <b>Empty background set</b> (every stage-1 cluster salient and, in stage 3, every stage-2 part
 * common): the reference crashes taking the minimum over nothing. Here the background label is
 * left out (L = K): nothing models the background, so every pixel gets a part. The caller reports
 * this as the background fallback.
 * <p>
 * Result: labels of the resized image (row-major, grid.width() x grid.height()), values 0..K-1 for
 * parts and K for background. Stateless; safe to call from several threads.
 */
final class PartLabeller {

	private PartLabeller() {}

	/**
	 * @param unit the image's L2-normalised descriptors (numPatches * dim)
	 * @param parts K part centroids (K * dim, K &ge; 1)
	 * @param background background centroids (B * dim, B &ge; 0)
	 * @param rgb the resized image, packed 0xRRGGBB (used only with a CRF)
	 * @param crf CRF settings, or null for no CRF
	 * @param cancel checked at every CRF iteration
	 */
	static int[] label(final PatchGrid grid, final float[] unit, final int dim, final float[] parts,
		final float[] background, final int[] rgb, final DenseCrfSettings crf, final Progress cancel)
	{
		final int k = parts.length / dim;
		final boolean hasBackground = background.length > 0;
		final int labels = hasBackground ? k + 1 : k;
		final float[] energies = gridEnergies(unit, dim, grid.numPatches(), parts, background);
		final int[] patchOf = PartGeometry.patchOfPixel(grid);
		final int n = patchOf.length;
		if (crf == null) {
			final int[] patchLabel = argmin(energies, labels, grid.numPatches());
			final int[] out = new int[n];
			for (int i = 0; i < n; i++)
				out[i] = patchLabel[patchOf[i]];
			return out;
		}
		final float[] unary = new float[labels * n];
		final int patches = grid.numPatches();
		for (int l = 0; l < labels; l++)
			for (int i = 0; i < n; i++)
				unary[l * n + i] = energies[l * patches + patchOf[i]];
		return DenseCrf.forRgbImage(grid.width(), grid.height(), rgb, crf).infer(unary, labels, crf.iterations(), cancel)
			.labels();
	}

	/**
	 * Label-major energies (L x patches): distances to the parts, then (if any background centroid)
	 * the minimum distance to the background centroids, minus each patch's maximum.
	 */
	static float[] gridEnergies(final float[] unit, final int dim, final int patches, final float[] parts,
		final float[] background)
	{
		final int k = parts.length / dim;
		final int b = background.length / dim;
		final int labels = b > 0 ? k + 1 : k;
		final float[] e = new float[labels * patches];
		final double[] d = new double[labels];
		for (int p = 0; p < patches; p++) {
			for (int l = 0; l < k; l++)
				d[l] = DescriptorRows.squaredDistance(unit, p, parts, l, dim);
			if (b > 0) {
				double min = Double.POSITIVE_INFINITY;
				for (int c = 0; c < b; c++)
					min = Math.min(min, DescriptorRows.squaredDistance(unit, p, background, c, dim));
				d[k] = min;
			}
			double max = Double.NEGATIVE_INFINITY;
			for (final double v : d)
				max = Math.max(max, v);
			for (int l = 0; l < labels; l++)
				e[l * patches + p] = (float) (d[l] - max);
		}
		return e;
	}

	/** Per patch, the label of lowest energy (lowest label on ties). */
	static int[] argmin(final float[] energies, final int labels, final int patches) {
		final int[] out = new int[patches];
		for (int p = 0; p < patches; p++) {
			int best = 0;
			for (int l = 1; l < labels; l++)
				if (energies[l * patches + p] < energies[best * patches + p]) best = l;
			out[p] = best;
		}
		return out;
	}
}
