package sc.fiji.dinovit.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LogBinning against a literal, loop-by-loop transcription of reference-behaviour.md §2. */
class LogBinningTest {

	@ParameterizedTest(name = "{0} x {1} x {2}, hierarchy {3}, {4} threads")
	@CsvSource({ "1, 1, 5, 2, 1", "1, 9, 3, 2, 1", "9, 1, 3, 2, 2", "2, 2, 4, 2, 1",
		"3, 5, 2, 2, 3", "7, 11, 6, 2, 4", "8, 8, 3, 1, 1", "12, 13, 2, 3, 2", "4, 30, 1, 4, 2" })
	void matchesBruteForce(final int rows, final int cols, final int channels, final int hierarchy,
		final int threads)
	{
		final float[] in = random(rows * cols * channels, rows * 1000 + cols);
		final float[] copy = in.clone();
		final float[] expected = bruteForce(in, rows, cols, channels, hierarchy);
		final float[] actual = LogBinning.bin(in, rows, cols, channels, hierarchy, threads);
		assertArrayEquals(expected, actual);
		assertArrayEquals(copy, in);
	}

	@Test
	void vitSmallGrid55x73() {
		final int rows = 55;
		final int cols = 73;
		final int c = 384;
		final float[] in = random(rows * cols * c, 42);
		final float[] expected = bruteForce(in, rows, cols, c, 2);
		for (int i = 0; i < 3; i++) // warm up
			LogBinning.bin(in, rows, cols, c);
		final long t0 = System.nanoTime();
		final float[] single = LogBinning.bin(in, rows, cols, c);
		final long t1 = System.nanoTime();
		final float[] multi = LogBinning.bin(in, rows, cols, c, 2, 2);
		final long t2 = System.nanoTime();
		System.out.printf("LogBinning 55x73x384 -> 6528: %.1f ms (1 thread), %.1f ms (2 threads)%n",
			(t1 - t0) / 1e6, (t2 - t1) / 1e6);
		assertEquals(rows * cols * 6528, single.length);
		assertArrayEquals(expected, single);
		assertArrayEquals(expected, multi);
	}

	@Test
	void binIntoWritesOnlyItsSlice() {
		final float[] in = random(3 * 4 * 2, 7);
		final int n = 3 * 4 * 2 * 17;
		final float[] out = new float[n + 10];
		Arrays.fill(out, -1f);
		LogBinning.binInto(in, 3, 4, 2, 2, 1, out, 5);
		assertArrayEquals(LogBinning.bin(in, 3, 4, 2), Arrays.copyOfRange(out, 5, 5 + n));
		for (int i = 0; i < 5; i++) {
			assertEquals(-1f, out[i]);
			assertEquals(-1f, out[n + 5 + i]);
		}
		assertThrows(IllegalArgumentException.class, () -> LogBinning.binInto(in, 3, 4, 2, 2, 1,
			out, 11));
	}

	@Test
	void smallWorkedExample() {
		// 1 x 2 grid, one channel: values 1 and 3; the 3x3 average is 2 at both positions.
		final float[] out = LogBinning.bin(new float[] { 1, 3 }, 1, 2, 1);
		assertArrayEquals(new float[] { 1, 1, 3, 1, 1, 3, 1, 1, 3, 2, 2, 2, 2, 2, 2, 2, 2 }, Arrays
			.copyOfRange(out, 0, 17));
		assertArrayEquals(new float[] { 1, 3, 3, 1, 3, 3, 1, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2 }, Arrays
			.copyOfRange(out, 17, 34));
	}

	@Test
	void dimensionsAndArgumentChecks() {
		assertEquals(17, LogBinning.blocks(2));
		assertEquals(6528, LogBinning.binnedChannels(384, 2));
		assertEquals(13056, LogBinning.binnedChannels(768, 2));
		assertThrows(IllegalArgumentException.class, () -> LogBinning.bin(new float[5], 2, 2, 1));
		assertThrows(IllegalArgumentException.class, () -> LogBinning.bin(new float[4], 2, 2, 1, 0,
			1));
		assertThrows(IllegalArgumentException.class, () -> LogBinning.bin(new float[0], 0, 2, 1));
	}

	/** The reference algorithm, loop by loop: pooled maps, then 1 + 8h blocks per position. */
	static float[] bruteForce(final float[] in, final int rows, final int cols, final int channels,
		final int hierarchy)
	{
		final float[][][][] pooled = new float[hierarchy][rows][cols][channels];
		for (int k = 0; k < hierarchy; k++) {
			final int win = (int) Math.pow(3, k);
			final int pad = win / 2;
			for (int y = 0; y < rows; y++)
				for (int x = 0; x < cols; x++)
					for (int c = 0; c < channels; c++) {
						float sum = 0;
						int count = 0;
						for (int i = y - pad; i < y - pad + win; i++)
							for (int j = x - pad; j < x - pad + win; j++)
								if (i >= 0 && i < rows && j >= 0 && j < cols) {
									sum += in[(i * cols + j) * channels + c];
									count++;
								}
						pooled[k][y][x][c] = sum / count;
					}
		}
		final int blocks = 1 + 8 * hierarchy;
		final float[] out = new float[rows * cols * blocks * channels];
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < cols; x++) {
				int part = 0;
				for (int k = 0; k < hierarchy; k++) {
					final int s = (int) Math.pow(3, k);
					for (int i = y - s; i <= y + s; i += s)
						for (int j = x - s; j <= x + s; j += s) {
							if (i == y && j == x && k != 0) continue;
							final int ci = Math.max(0, Math.min(i, rows - 1));
							final int cj = Math.max(0, Math.min(j, cols - 1));
							for (int c = 0; c < channels; c++)
								out[((y * cols + x) * blocks + part) * channels + c] = k == 0 ? in[(ci *
									cols + cj) * channels + c] : pooled[k][ci][cj][c];
							part++;
						}
				}
			}
		return out;
	}

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] f = new float[n];
		for (int i = 0; i < n; i++)
			f[i] = (float) r.nextGaussian();
		return f;
	}
}
