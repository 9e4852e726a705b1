package sc.fiji.dinovit.algorithms.coseg;

import java.util.Random;
import java.util.function.IntBinaryOperator;

import sc.fiji.dinovit.algorithms.grabcut.RgbImage;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Synthetic co-segmentation inputs with planted clusters: every patch belongs to a planted
 * cluster c, its descriptor is the unit vector e_c plus small Gaussian noise, its saliency is a
 * planted value per cluster, and the RGB image paints each pixel with the colour of the cluster of
 * its nearest patch centre (so colour edges coincide with correct-geometry mask edges).
 */
final class SyntheticSets {

	static final int PATCH = 8;
	static final int STRIDE = 4;
	static final int DIM = 64;
	static final int[] COLOURS = { 0xD02020, 0x2040C0, 0x20A040, 0xE0E020, 0x808080 };

	private SyntheticSets() {}

	/**
	 * @param clusterAt planted cluster of patch (row, col)
	 * @param saliency planted saliency per cluster
	 * @param cls the [CLS] descriptor or null
	 */
	static CosegInput image(final int width, final int height, final IntBinaryOperator clusterAt, final float[] saliency,
		final float[] cls, final long seed, final int originalWidth, final int originalHeight)
	{
		final PatchGrid grid = PatchGrid.of(height, width, PATCH, STRIDE);
		final Random random = new Random(seed);
		final float[] data = new float[grid.numPatches() * DIM];
		final float[] sal = new float[grid.numPatches()];
		final int[] clusters = new int[grid.numPatches()];
		for (int r = 0; r < grid.rows(); r++)
			for (int c = 0; c < grid.cols(); c++) {
				final int i = grid.index(r, c);
				final int cluster = clusterAt.applyAsInt(r, c);
				clusters[i] = cluster;
				sal[i] = saliency[cluster];
				for (int j = 0; j < DIM; j++)
					data[i * DIM + j] = (j == cluster ? 1f : 0f) + (float) (0.02 * random.nextGaussian());
			}
		final int[] pixels = new int[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				pixels[y * width + x] = COLOURS[clusters[grid.index(grid.nearestRow(y + 0.5), grid.nearestCol(x + 0.5))]];
		return CosegInput.of(new Descriptors(grid, DIM, data, cls, false), sal, new RgbImage(width, height, pixels),
			originalWidth, originalHeight);
	}

	/** A rectangle of cluster 0 (rows r0..r1, cols c0..c1 inclusive) on cluster 1 (left half) and 2 (right half). */
	static IntBinaryOperator rectangle(final int r0, final int r1, final int c0, final int c1, final int cols) {
		return (r, c) -> r >= r0 && r <= r1 && c >= c0 && c <= c1 ? 0 : c < cols / 2 ? 1 : 2;
	}

	/** The planted patch mask of cluster 0. */
	static boolean[] plantedMask(final PatchGrid grid, final IntBinaryOperator clusterAt, final int... salient) {
		final boolean[] m = new boolean[grid.numPatches()];
		for (int r = 0; r < grid.rows(); r++)
			for (int c = 0; c < grid.cols(); c++)
				for (final int s : salient)
					if (clusterAt.applyAsInt(r, c) == s) m[grid.index(r, c)] = true;
		return m;
	}

	static float[] unit(final int dim, final int axis, final float noise, final long seed) {
		final Random random = new Random(seed);
		final float[] v = new float[dim];
		for (int j = 0; j < dim; j++)
			v[j] = (j == axis ? 1f : 0f) + (float) (noise * random.nextGaussian());
		return v;
	}
}
