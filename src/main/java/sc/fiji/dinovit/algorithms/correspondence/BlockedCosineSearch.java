package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Arrays;
import java.util.stream.IntStream;

import sc.fiji.dinovit.algorithms.similarity.CosineSimilarity;
import sc.fiji.dinovit.util.Progress;

/**
 * Row-wise and column-wise argmax of the cosine-similarity matrix between two descriptor sets
 * without materialising it: a blocked single-precision matrix product ({@link PackedRows}), one
 * tile of {@value #ROW_BLOCK} x {@value PackedRows#PANEL} similarities at a time. Memory: one packed
 * copy of B plus small per-block buffers.
 * <p>
 * Every similarity is {@link CosineSimilarity#fromDot} of the float dot product accumulated in
 * ascending channel order, so the values do not depend on blocking or threads.
 * <p>
 * Threads: the work is a fixed partition of A into blocks of {@value #ROW_BLOCK} rows, run on the
 * common fork-join pool (or the pool the caller runs in); each block writes only its own rows and
 * its own column partials, which are merged in ascending block order. Results are identical for
 * any number of threads. Ties go to the lowest index (strict comparison in ascending order), like
 * numpy/torch argmax.
 */
final class BlockedCosineSearch {

	static final int ROW_BLOCK = 64;

	/** The argmax/max per row (A -> B) and, if requested, per column (B -> A). */
	static final class Result {
		final int[] rowArg;
		final float[] rowMax;
		final int[] colArg;
		final float[] colMax;

		Result(final int[] rowArg, final float[] rowMax, final int[] colArg, final float[] colMax) {
			this.rowArg = rowArg;
			this.rowMax = rowMax;
			this.colArg = colArg;
			this.colMax = colMax;
		}
	}

	private BlockedCosineSearch() {}

	static Result search(final float[] a, final int nA, final float[] b, final int nB, final int d,
		final boolean columns)
	{
		return search(a, nA, b, nB, d, columns, Progress.NONE);
	}

	/**
	 * As {@link #search(float[], int, float[], int, int, boolean)}, checking {@code cancel} at every
	 * panel of every row block (a few million multiply-adds apart).
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	static Result search(final float[] a, final int nA, final float[] b, final int nB, final int d,
		final boolean columns, final Progress cancel)
	{
		if (nA <= 0 || nB <= 0) throw new IllegalArgumentException("Both descriptor sets must be " +
			"non-empty, got " + nA + " and " + nB + " patches");
		final float[] invA = CosineSimilarity.inverseNorms(a, nA, d);
		final float[] invB = CosineSimilarity.inverseNorms(b, nB, d);
		final PackedRows packed = PackedRows.pack(b, nB, d);
		final int blocks = (nA + ROW_BLOCK - 1) / ROW_BLOCK;
		final int[] rowArg = new int[nA];
		final float[] rowMax = new float[nA];
		final Partial[] partials = IntStream.range(0, blocks).parallel()
			.mapToObj(blk -> searchBlock(blk, a, nA, invA, packed, invB, rowArg, rowMax, columns, cancel))
			.toArray(Partial[]::new);
		if (!columns) return new Result(rowArg, rowMax, null, null);
		final int[] colArg = partials[0].colArg;
		final float[] colMax = partials[0].colMax;
		for (int blk = 1; blk < blocks; blk++) {
			final Partial p = partials[blk];
			for (int j = 0; j < nB; j++)
				if (p.colMax[j] > colMax[j]) {
					colMax[j] = p.colMax[j];
					colArg[j] = p.colArg[j];
				}
		}
		return new Result(rowArg, rowMax, colArg, colMax);
	}

	private static final class Partial {
		final int[] colArg;
		final float[] colMax;

		Partial(final int[] colArg, final float[] colMax) {
			this.colArg = colArg;
			this.colMax = colMax;
		}
	}

	private static Partial searchBlock(final int blk, final float[] a, final int nA, final float[] invA,
		final PackedRows packed, final float[] invB, final int[] rowArg, final float[] rowMax,
		final boolean columns, final Progress cancel)
	{
		final int nB = packed.size();
		final int i0 = blk * ROW_BLOCK;
		final int rows = Math.min(ROW_BLOCK, nA - i0);
		final float[] bestRow = new float[rows];
		final int[] bestRowArg = new int[rows];
		Arrays.fill(bestRow, Float.NEGATIVE_INFINITY);
		final int[] colArg = columns ? new int[nB] : null;
		final float[] colMax = columns ? new float[nB] : null;
		if (columns) Arrays.fill(colMax, Float.NEGATIVE_INFINITY);
		final float[][] tile = PackedRows.newTile(rows);
		for (int p = 0; p < packed.numPanels(); p++) {
			cancel.checkCancelled();
			final int j0 = packed.panelStart(p);
			final int w = packed.panelWidth(p);
			packed.multiplyTile(a, i0, rows, p, tile);
			for (int i = 0; i < rows; i++) {
				final float ia = invA[i0 + i];
				final float[] ti = tile[i];
				for (int j = 0; j < w; j++) {
					final float sim = CosineSimilarity.fromDot(ti[j], ia, invB[j0 + j]);
					if (sim > bestRow[i]) {
						bestRow[i] = sim;
						bestRowArg[i] = j0 + j;
					}
					if (columns && sim > colMax[j0 + j]) {
						colMax[j0 + j] = sim;
						colArg[j0 + j] = i0 + i;
					}
				}
			}
		}
		System.arraycopy(bestRow, 0, rowMax, i0, rows);
		System.arraycopy(bestRowArg, 0, rowArg, i0, rows);
		return new Partial(colArg, colMax);
	}
}
