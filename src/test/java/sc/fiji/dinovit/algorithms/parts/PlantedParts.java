package sc.fiji.dinovit.algorithms.parts;

import java.util.Random;

import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Synthetic part co-segmentation inputs: a 64 x 64 px resized image (patch 8, stride 4: a 15 x 15
 * grid) shown at 96 x 96 original pixels. The grid has two background regions (left and right
 * halves of the border) and a foreground square of three planted parts stacked top to bottom:
 * A (5 patch rows), B (3 rows) and C (2 rows), so A &gt; B &gt; C in area. Each region has its own
 * random unit prototype descriptor (plus Gaussian noise), its own flat colour, and saliency 1 on
 * the foreground, 0 elsewhere.
 */
final class PlantedParts {

	static final int BG_LEFT = 0, BG_RIGHT = 1, A = 2, B = 3, C = 4;
	static final int SIZE = 64, ORIGINAL = 96, DIM = 16;
	static final PatchGrid GRID = PatchGrid.of(SIZE, SIZE, 8, 4);
	private static final int[] COLOURS = { 0x203040, 0x402010, 0xe04020, 0x20c040, 0x3050f0 };

	private final float[][] prototypes = new float[5][DIM];

	PlantedParts(final long seed) {
		final Random r = new Random(seed);
		for (final float[] p : prototypes) {
			double n = 0;
			for (int j = 0; j < DIM; j++) {
				p[j] = (float) r.nextGaussian();
				n += p[j] * p[j];
			}
			for (int j = 0; j < DIM; j++)
				p[j] /= (float) Math.sqrt(n);
		}
	}

	/** The region of a grid cell; without C, C's rows belong to B. */
	static int region(final int row, final int col, final boolean withC) {
		if (row >= 2 && row <= 11 && col >= 2 && col <= 12) {
			if (row <= 6) return A;
			if (row <= 9 || !withC) return B;
			return C;
		}
		return col <= 7 ? BG_LEFT : BG_RIGHT;
	}

	static boolean isForeground(final int region) {
		return region >= A;
	}

	/** The planted region of every original pixel (via the pixel's nearest patch in the resized image). */
	static int[] originalRegions(final boolean withC) {
		final int[] out = new int[ORIGINAL * ORIGINAL];
		for (int y = 0; y < ORIGINAL; y++)
			for (int x = 0; x < ORIGINAL; x++) {
				final int rx = (int) ((x + 0.5) * SIZE / ORIGINAL), ry = (int) ((y + 0.5) * SIZE / ORIGINAL);
				out[y * ORIGINAL + x] = region(GRID.nearestRow(ry + 0.5), GRID.nearestCol(rx + 0.5), withC);
			}
		return out;
	}

	/**
	 * @param noise standard deviation of the Gaussian noise per component
	 * @param backgroundSaliency saliency of background patches (foreground: 1)
	 */
	PartInput image(final long seed, final boolean withC, final double noise, final float backgroundSaliency) {
		final Random r = new Random(seed);
		final int n = GRID.numPatches();
		final float[] d = new float[n * DIM];
		final float[] s = new float[n];
		for (int p = 0; p < n; p++) {
			final int reg = region(GRID.rowOf(p), GRID.colOf(p), withC);
			for (int j = 0; j < DIM; j++)
				d[p * DIM + j] = prototypes[reg][j] + (float) (noise * r.nextGaussian());
			s[p] = isForeground(reg) ? 1f : backgroundSaliency;
		}
		final int[] rgb = new int[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				rgb[y * SIZE + x] = COLOURS[region(GRID.nearestRow(y + 0.5), GRID.nearestCol(x + 0.5), withC)];
		return PartInput.original(GRID, d, DIM, s, rgb, ORIGINAL, ORIGINAL);
	}

	PartInput image(final long seed, final boolean withC) {
		return image(seed, withC, 0.05, 0f);
	}
}
