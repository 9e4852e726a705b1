package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A set of row vectors repacked for fast dot products against other rows: column panels of
 * {@value #PANEL} rows, channel-major, one small array per channel so that the innermost loop is a
 * contiguous a*x+y over zero-offset arrays, which C2 vectorises (without alias checks).
 * <p>
 * Every dot product is accumulated in float in ascending channel order, so it equals
 * {@link sc.fiji.dinovit.algorithms.similarity.CosineSimilarity#dot} bitwise whatever the blocking.
 * Immutable after packing; safe to share between threads. Memory: one copy of the rows.
 */
final class PackedRows {

	static final int PANEL = 256;
	static final int DEPTH_CHUNK = 128;

	private final int size;
	private final int dim;
	private final float[][][] panels;

	private PackedRows(final int size, final int dim, final float[][][] panels) {
		this.size = size;
		this.dim = dim;
		this.panels = panels;
	}

	/** Packs {@code n} rows of {@code d} values (row-major); panels are packed in parallel. */
	static PackedRows pack(final float[] rows, final int n, final int d) {
		final int count = (n + PANEL - 1) / PANEL;
		final float[][][] panels = new float[count][][];
		IntStream.range(0, count).parallel().forEach(p -> {
			final int j0 = p * PANEL;
			final int w = Math.min(PANEL, n - j0);
			final float[][] panel = new float[d][w];
			for (int j = 0; j < w; j++) {
				final int src = (j0 + j) * d;
				for (int k = 0; k < d; k++)
					panel[k][j] = rows[src + k];
			}
			panels[p] = panel;
		});
		return new PackedRows(n, d, panels);
	}

	int size() { return size; }

	int numPanels() { return panels.length; }

	int panelStart(final int p) { return p * PANEL; }

	int panelWidth(final int p) { return panels[p][0].length; }

	/** A tile buffer for {@link #multiplyTile} with room for {@code rows} rows. */
	static float[][] newTile(final int rows) {
		return new float[rows][PANEL];
	}

	/**
	 * tile[i][j] = dot(a row i0+i, packed row panelStart(p)+j) for i &lt; rows, j &lt; panelWidth(p).
	 * Four rows of a share each panel-row load.
	 */
	void multiplyTile(final float[] a, final int i0, final int rows, final int p, final float[][] tile) {
		final float[][] panel = panels[p];
		final int w = panel[0].length;
		final int d = dim;
		for (int i = 0; i < rows; i++)
			Arrays.fill(tile[i], 0, w, 0f);
		for (int k0 = 0; k0 < d; k0 += DEPTH_CHUNK) {
			final int k1 = Math.min(d, k0 + DEPTH_CHUNK);
			int i = 0;
			for (; i + 4 <= rows; i += 4) {
				final int o = (i0 + i) * d;
				final float[] c0 = tile[i], c1 = tile[i + 1], c2 = tile[i + 2], c3 = tile[i + 3];
				for (int k = k0; k < k1; k++)
					axpy4(a[o + k], a[o + d + k], a[o + 2 * d + k], a[o + 3 * d + k], panel[k], c0, c1, c2, c3);
			}
			for (; i < rows; i++) {
				final int o = (i0 + i) * d;
				final float[] c = tile[i];
				for (int k = k0; k < k1; k++)
					axpy(a[o + k], panel[k], c);
			}
		}
	}

	/**
	 * All dot products of {@code rows} rows of a (from row 0) with the packed rows, single-threaded:
	 * out[i * size() + j].
	 */
	void dots(final float[] a, final int rows, final float[] out, final float[][] tile) {
		for (int i0 = 0; i0 < rows; i0 += tile.length) {
			final int r = Math.min(tile.length, rows - i0);
			for (int p = 0; p < panels.length; p++) {
				multiplyTile(a, i0, r, p, tile);
				final int w = panelWidth(p);
				for (int i = 0; i < r; i++)
					System.arraycopy(tile[i], 0, out, (i0 + i) * size + panelStart(p), w);
			}
		}
	}

	/** c[j] += a * p[j]. */
	private static void axpy(final float a, final float[] p, final float[] c) {
		for (int j = 0; j < p.length; j++)
			c[j] += a * p[j];
	}

	/** Four rows of {@link #axpy} sharing one load of p[j]. */
	private static void axpy4(final float a0, final float a1, final float a2, final float a3,
		final float[] p, final float[] c0, final float[] c1, final float[] c2, final float[] c3)
	{
		for (int j = 0; j < p.length; j++) {
			final float pj = p[j];
			c0[j] += a0 * pj;
			c1[j] += a1 * pj;
			c2[j] += a2 * pj;
			c3[j] += a3 * pj;
		}
	}
}
