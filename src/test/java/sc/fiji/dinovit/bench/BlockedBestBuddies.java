package sc.fiji.dinovit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * BENCHMARK-LOCAL stand-in for {@code sc.fiji.dinovit.algorithms.correspondence.BestBuddies}
 * (not on this branch yet; switch the benchmark to it once merged). Mutual nearest neighbours by
 * cosine similarity (reference §5.2 step 4): rows are L2-normalised copies, similarities are
 * computed block by block (never the full t_A x t_B matrix), nn_AB / nn_BA keep the first maximal
 * index like argmax.
 * <p>
 * Kernel: a block of w = 256 B rows is transposed to dim rows of w floats so that the inner loop
 * is an axpy over separate row arrays ({@code c_i[x] += a_ij * bt_j[x]}, zero-offset indices),
 * which HotSpot C2 vectorises (with offsets into one flat array it did not, ~5x slower); the
 * dimension is walked in chunks of 128 so a chunk of bt stays in L2. Each similarity sums over j in
 * index order, so the result does not depend on the thread count.
 */
final class BlockedBestBuddies {

	private static final int A_BLOCK = 32;
	private static final int B_BLOCK = 256;
	private static final int D_CHUNK = 128;

	/** nnAB[i], nnBA[j], and the A indices that are best buddies (ascending). */
	record Result(int[] nnAB, int[] nnBA, int[] buddiesA) {}

	private BlockedBestBuddies() {}

	static Result find(final float[] a, final float[] b, final int dim, final int threads) throws InterruptedException {
		final int na = a.length / dim, nb = b.length / dim;
		final float[] an = normalised(a, dim), bn = normalised(b, dim);
		final int[] nnAB = new int[na];
		final float[] bestAB = new float[na];
		java.util.Arrays.fill(bestAB, Float.NEGATIVE_INFINITY);
		final int[] nnBA = new int[nb];
		final float[] bestBA = new float[nb];
		java.util.Arrays.fill(bestBA, Float.NEGATIVE_INFINITY);
		float[][] bt = null;
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int b0 = 0; b0 < nb; b0 += B_BLOCK) {
				final int w = Math.min(B_BLOCK, nb - b0);
				if (bt == null || bt[0].length != w) bt = new float[dim][w];
				for (int x = 0; x < w; x++)
					for (int j = 0; j < dim; j++)
						bt[j][x] = bn[(b0 + x) * dim + j];
				final float[][] fbt = bt;
				final float[][] colBest = new float[threads][w];
				final int[][] colIdx = new int[threads][w];
				final List<Future<?>> fs = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					final int from = (int) ((long) na * t / threads), to = (int) ((long) na * (t + 1) / threads);
					final int tt = t, fb0 = b0;
					fs.add(pool.submit(() -> rangeBlock(an, fbt, dim, w, fb0, from, to, nnAB, bestAB, colBest[tt],
						colIdx[tt])));
				}
				for (final Future<?> f : fs)
					f.get();
				for (int t = 0; t < threads; t++) // ranges in A order, strict >: first maximal index wins
					for (int x = 0; x < w; x++)
						if (colBest[t][x] > bestBA[b0 + x]) {
							bestBA[b0 + x] = colBest[t][x];
							nnBA[b0 + x] = colIdx[t][x];
						}
			}
		}
		catch (final ExecutionException e) {
			throw new IllegalStateException(e.getCause());
		}
		finally {
			pool.shutdownNow();
		}
		int count = 0;
		final int[] buddies = new int[na];
		for (int i = 0; i < na; i++)
			if (nnBA[nnAB[i]] == i) buddies[count++] = i;
		return new Result(nnAB, nnBA, java.util.Arrays.copyOf(buddies, count));
	}

	private static void rangeBlock(final float[] an, final float[][] bt, final int dim, final int w, final int b0,
		final int from, final int to, final int[] nnAB, final float[] bestAB, final float[] colBest, final int[] colIdx)
	{
		java.util.Arrays.fill(colBest, Float.NEGATIVE_INFINITY);
		final float[][] c = new float[A_BLOCK][w];
		for (int i0 = from; i0 < to; i0 += A_BLOCK) {
			final int h = Math.min(A_BLOCK, to - i0);
			for (final float[] row : c)
				java.util.Arrays.fill(row, 0f);
			for (int j0 = 0; j0 < dim; j0 += D_CHUNK) { // bt rows j0..j1 (D_CHUNK x w floats) stay in L2
				final int j1 = Math.min(dim, j0 + D_CHUNK);
				for (int ii = 0; ii < h; ii++) {
					final float[] ci = c[ii];
					final int ab = (i0 + ii) * dim;
					for (int j = j0; j < j1; j++) {
						final float s = an[ab + j];
						final float[] bj = bt[j];
						for (int x = 0; x < w; x++) // zero-offset indices: C2 vectorises this axpy
							ci[x] += s * bj[x];
					}
				}
			}
			for (int ii = 0; ii < h; ii++) {
				final int i = i0 + ii;
				final float[] ci = c[ii];
				for (int x = 0; x < w; x++) {
					final float v = ci[x];
					if (v > bestAB[i]) {
						bestAB[i] = v;
						nnAB[i] = b0 + x;
					}
					if (v > colBest[x]) {
						colBest[x] = v;
						colIdx[x] = i;
					}
				}
			}
		}
	}

	private static float[] normalised(final float[] v, final int dim) {
		final float[] out = v.clone();
		for (int r = 0; r < out.length / dim; r++) {
			double s = 0;
			for (int j = 0; j < dim; j++)
				s += (double) out[r * dim + j] * out[r * dim + j];
			if (s == 0) continue;
			final float inv = (float) (1 / Math.sqrt(s));
			for (int j = 0; j < dim; j++)
				out[r * dim + j] *= inv;
		}
		return out;
	}
}
