package sc.fiji.dinovit.bench;

/**
 * Deterministic synthetic descriptors computed from an integer hash, so that the Java benchmark
 * and scripts/bench_algorithms.py build bit-identical inputs without exchanging files (the Python
 * script implements the same formulas with uint32/float32 numpy arrays).
 * <p>
 * u(stream, i) = (fmix32(i * 0x9E3779B1 + stream * 0x632BE5AB) >>> 8) * 2^-24, a float in [0, 1)
 * (murmur3's finaliser; all arithmetic modulo 2^32). Every value below is float arithmetic in
 * the order written.
 */
final class SyntheticDescriptors {

	/** Co-segmentation case: stride 8, load size 224 on a 3:4 photo. */
	static final int COSEG_ROWS = 28, COSEG_COLS = 37, COSEG_DIM = 384;
	static final int COSEG_PATCHES = COSEG_ROWS * COSEG_COLS;
	/** Number of underlying "scenes" and of true clusters (object parts) per scene. */
	static final int BASE_SETS = 4, TRUE_CLUSTERS = 6;

	/** Log-binning / best-buddies case: stride 4, load size 224 → 55 x 73 patches. */
	static final int GRID_ROWS = 55, GRID_COLS = 73, GRID_DIM = 384;

	private SyntheticDescriptors() {}

	static int fmix32(int h) {
		h ^= h >>> 16;
		h *= 0x85EBCA6B;
		h ^= h >>> 13;
		h *= 0xC2B2AE35;
		h ^= h >>> 16;
		return h;
	}

	static float u(final int stream, final int i) {
		return (fmix32(i * 0x9E3779B1 + stream * 0x632BE5AB) >>> 8) * 0x1p-24f;
	}

	/**
	 * Image {@code image} of the co-segmentation set: scene b = image % 4; patch (y, x) belongs to
	 * part m = (y / 7 + x / 10 + b) % 6; value = centre[m][j] + 0.5 (u2 - 0.5) (the scene's fixed
	 * texture) + 0.25 (u3 - 0.5) (this image's noise). Images of one scene "repeat" with noise.
	 */
	static float[] cosegImage(final int image) {
		final int b = image % BASE_SETS;
		final int d = COSEG_DIM;
		final float[] out = new float[COSEG_PATCHES * d];
		for (int y = 0; y < COSEG_ROWS; y++)
			for (int x = 0; x < COSEG_COLS; x++) {
				final int p = y * COSEG_COLS + x;
				final int m = (y / 7 + x / 10 + b) % TRUE_CLUSTERS;
				for (int j = 0; j < d; j++) {
					final float centre = u(1, m * d + j) - 0.5f;
					final float base = centre + 0.5f * (u(2, (b * COSEG_PATCHES + p) * d + j) - 0.5f);
					out[p * d + j] = base + 0.25f * (u(3, (image * COSEG_PATCHES + p) * d + j) - 0.5f);
				}
			}
		return out;
	}

	/** Raw 55 x 73 x 384 grid A: u4 - 0.5. */
	static float[] gridA() {
		final float[] out = new float[GRID_ROWS * GRID_COLS * GRID_DIM];
		for (int i = 0; i < out.length; i++)
			out[i] = u(4, i) - 0.5f;
		return out;
	}

	/** Grid B: A shifted by (+2, +3) patches (clamped) plus 0.3 (u6 - 0.5) noise. */
	static float[] gridB(final float[] a) {
		final int d = GRID_DIM;
		final float[] out = new float[a.length];
		for (int y = 0; y < GRID_ROWS; y++)
			for (int x = 0; x < GRID_COLS; x++) {
				final int src = (Math.min(y + 2, GRID_ROWS - 1) * GRID_COLS + Math.min(x + 3, GRID_COLS - 1)) * d;
				final int dst = (y * GRID_COLS + x) * d;
				for (int j = 0; j < d; j++)
					out[dst + j] = a[src + j] + 0.3f * (u(6, dst + j) - 0.5f);
			}
		return out;
	}
}
