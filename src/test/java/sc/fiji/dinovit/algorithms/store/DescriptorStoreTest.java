package sc.fiji.dinovit.algorithms.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.algorithms.cluster.Assignment;
import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeans;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;

class DescriptorStoreTest {

	private static final int DIM = 12;
	/** Image sizes chosen to straddle KMeans' 2048-row chunks and small spill segments. */
	private static final int[] ROWS = { 700, 1, 1500, 333, 2049, 64, 900 };

	@TempDir
	Path tmp;

	private static float[][] images(final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[][] out = new float[ROWS.length][];
		for (int i = 0; i < ROWS.length; i++) {
			out[i] = new float[ROWS[i] * DIM];
			for (int j = 0; j < out[i].length; j++)
				out[i][j] = (float) (r.nextGaussian() + (j % DIM < 3 ? 2 * (j / DIM % 4) : 0));
		}
		return out;
	}

	private DescriptorStore fill(final DescriptorStore.Builder b, final float[][] imgs) throws IOException {
		final DescriptorStore s = b.spillFolder(tmp).build();
		for (int i = 0; i < imgs.length; i++)
			assertEquals(i, s.append("img" + i, imgs[i]));
		return s;
	}

	private static float[] concat(final float[][] imgs) {
		int n = 0;
		for (final float[] a : imgs)
			n += a.length;
		final float[] out = new float[n];
		int o = 0;
		for (final float[] a : imgs) {
			System.arraycopy(a, 0, out, o, a.length);
			o += a.length;
		}
		return out;
	}

	/** 50 rows per segment (size not a multiple of a row): most images and reads cross segment boundaries. */
	private static DescriptorStore.Builder spilling() {
		return DescriptorStore.builder(DIM).heapBudgetBytes(0).segmentBytes(50L * DIM * Float.BYTES + 5);
	}

	@Test
	void heapAndSpilledStoresGiveIdenticalAssignments() throws IOException {
		final float[][] imgs = images(1);
		final float[] c = Arrays.copyOf(concat(images(2)), 5 * DIM);
		try (DescriptorStore heap = fill(DescriptorStore.builder(DIM).heapBudgetBytes(Long.MAX_VALUE), imgs);
			DescriptorStore spilled = fill(spilling(), imgs);
			DescriptorStore mixed = fill(DescriptorStore.builder(DIM).heapBudgetBytes(2000L * DIM * 4)
				.segmentBytes(1000L * DIM * 4), imgs))
		{
			assertNull(heap.spillFolder());
			assertEquals(0, spilled.heapBytes());
			assertTrue(spilled.spillSegmentCount() > 100, "segments: " + spilled.spillSegmentCount());
			final Assignment expected = KMeans.assign(DescriptorSource.of(concat(imgs), DIM), c, 1);
			for (final DescriptorStore s : new DescriptorStore[] { heap, spilled, mixed })
				for (final int threads : new int[] { 1, 3 }) {
					final Assignment a = KMeans.assign(s, c, threads);
					assertArrayEquals(expected.labels(), a.labels());
					assertArrayEquals(expected.squaredDistances(), a.squaredDistances());
				}
		}
	}

	@Test
	void elbowSearchOnSpilledStoreEqualsInMemory() throws IOException {
		final float[][] imgs = images(3);
		final ElbowSearch search = new ElbowSearch(KMeansConfig.faissLike(1).withRestarts(2).withMaxIterations(20),
			0.975, 5);
		try (DescriptorStore spilled = fill(spilling().normaliseOnAppend(true), imgs);
			DescriptorStore heap = fill(DescriptorStore.builder(DIM).normaliseOnAppend(true), imgs))
		{
			final ElbowResult a = search.run(spilled.trainingSubset(100, false), spilled);
			final ElbowResult b = search.run(heap.trainingSubset(100, false), heap);
			assertArrayEquals(b.objectives(), a.objectives());
			assertArrayEquals(b.labels(), a.labels());
		}
	}

	@Test
	void heapPartNeverExceedsBudget() throws IOException {
		final float[][] imgs = images(4);
		final long budget = (ROWS[0] + ROWS[1] + 100) * DIM * 4L; // first two fit, then only image 5 (64 rows)
		try (DescriptorStore s = DescriptorStore.builder(DIM).heapBudgetBytes(budget).spillFolder(tmp).build()) {
			long total = 0;
			for (int i = 0; i < imgs.length; i++) {
				s.append("img" + i, imgs[i]);
				total += imgs[i].length * 4L;
				assertTrue(s.heapBytes() <= budget, "heap " + s.heapBytes() + " > budget " + budget);
				assertEquals(total, s.heapBytes() + s.spilledBytes());
			}
			assertFalse(s.isSpilled(0));
			assertFalse(s.isSpilled(1));
			assertTrue(s.isSpilled(2));
			assertFalse(s.isSpilled(5), "first fit: a later small image still goes to the heap");
			assertEquals((ROWS[0] + ROWS[1] + ROWS[5]) * DIM * 4L, s.heapBytes());
		}
	}

	@Test
	void rowRangesImageBlocksAndArbitraryReadsMatchTheInput() throws IOException {
		final float[][] imgs = images(5);
		final float[] all = concat(imgs);
		try (DescriptorStore s = fill(spilling().heapBudgetBytes(1600L * DIM * 4), imgs)) {
			long first = 0;
			for (int i = 0; i < imgs.length; i++) {
				assertEquals(new RowRange(first, ROWS[i]), s.rowRange(i));
				assertArrayEquals(imgs[i], s.readImage(i));
				assertEquals("img" + i, s.imageId(i));
				assertEquals(i, s.imageIndex("img" + i));
				first += ROWS[i];
			}
			assertEquals(first, s.count());
			assertEquals(-1, s.imageIndex("nope"));
			final SplittableRandom r = new SplittableRandom(9);
			for (int t = 0; t < 200; t++) {
				final int n = r.nextInt(1, 3000);
				final long f = r.nextLong(s.count() - n + 1);
				final DescriptorSource.RowBlock b = s.rows(f, n, new float[n * DIM]);
				assertArrayEquals(Arrays.copyOfRange(all, (int) f * DIM, (int) (f + n) * DIM),
					Arrays.copyOfRange(b.data(), b.offset(), b.offset() + n * DIM), "rows from " + f);
			}
		}
	}

	@Test
	void readsWithinOneHeapImageAreViews() throws IOException {
		try (DescriptorStore s = fill(DescriptorStore.builder(DIM), images(6))) {
			final float[] scratch = new float[10 * DIM];
			final DescriptorSource.RowBlock b = s.rows(ROWS[0] + 1 + 5, 10, scratch);
			assertFalse(b.data() == scratch);
			assertEquals(5 * DIM, b.offset());
		}
	}

	@Test
	void trainingSubsetTakesEveryNthRowPerImage() throws IOException {
		final float[][] imgs = images(7);
		try (DescriptorStore raw = fill(spilling(), imgs);
			DescriptorStore normalised = fill(spilling().normaliseOnAppend(true), imgs))
		{
			final float[] sub = raw.trainingSubset(100, false);
			int o = 0;
			for (final float[] img : imgs)
				for (int r = 0; r * DIM < img.length; r += 100) {
					for (int j = 0; j < DIM; j++)
						assertEquals(img[r * DIM + j], sub[o + j]);
					o += DIM;
				}
			assertEquals(sub.length, o);
			// reference order: subset of raw rows, then normalised == subset of normalised rows
			assertArrayEquals(raw.trainingSubset(100, true), normalised.trainingSubset(100, false));
		}
	}

	@Test
	void normaliseOnAppendGivesUnitRowsAndLeavesTheInputAlone() throws IOException {
		final float[][] imgs = images(8);
		final float[] before = imgs[0].clone();
		try (DescriptorStore s = fill(spilling().normaliseOnAppend(true), imgs)) {
			assertArrayEquals(before, imgs[0]);
			final float[] back = s.readImage(2);
			for (int r = 0; r < ROWS[2]; r++) {
				double n = 0;
				for (int j = 0; j < DIM; j++)
					n += back[r * DIM + j] * back[r * DIM + j];
				assertEquals(1, n, 1e-5);
			}
		}
	}

	@Test
	void closeDeletesSpillFiles() throws IOException {
		final DescriptorStore s = fill(spilling(), images(10));
		final Path folder = s.spillFolder();
		assertNotNull(folder);
		assertTrue(folder.startsWith(tmp));
		try (Stream<Path> files = Files.list(folder)) {
			assertEquals(s.spillSegmentCount(), files.count());
		}
		s.close();
		assertFalse(Files.exists(folder));
		try (Stream<Path> left = Files.list(tmp)) {
			assertEquals(0, left.count());
		}
		assertThrows(IllegalStateException.class, () -> s.rows(0, 1, new float[DIM]));
		assertThrows(IllegalStateException.class, () -> s.append("x", new float[DIM]));
		s.close(); // idempotent
	}

	@Test
	void segmentsHoldWholeRows() throws IOException {
		try (DescriptorStore s = fill(spilling(), images(11))) {
			assertEquals(50, s.spillRowsPerSegment());
		}
		try (DescriptorStore s = DescriptorStore.builder(DIM).heapBudgetBytes(0).segmentBytes(1).spillFolder(tmp)
			.build())
		{
			s.append("a", new float[5 * DIM]);
			assertEquals(1, s.spillRowsPerSegment(), "a segment smaller than a row still holds one row");
			assertEquals(5, s.spillSegmentCount());
		}
	}

	@Test
	void fullDiskIsAClearIOExceptionAndLeavesTheStoreUnchanged() throws IOException {
		try (DescriptorStore s = DescriptorStore.builder(DIM).heapBudgetBytes(0).spillFolder(tmp)
			.usableSpace(folder -> 100).build())
		{
			final IOException e = assertThrows(IOException.class, () -> s.append("big.png", new float[10 * DIM]));
			assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
			assertTrue(e.getMessage().contains("big.png"), e.getMessage());
			assertTrue(e.getMessage().contains("spillFolder"), e.getMessage());
			assertEquals(0, s.count());
			assertEquals(0, s.imageCount());
		}
	}

	@Test
	void missingSpillFolderIsNamed() {
		final Path missing = tmp.resolve("missing");
		try (DescriptorStore s = DescriptorStore.builder(DIM).heapBudgetBytes(0).spillFolder(missing).build()) {
			final IOException e = assertThrows(IOException.class, () -> s.append("a", new float[DIM]));
			assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
		}
	}

	@Test
	void rejectsBadInput() throws IOException {
		try (DescriptorStore s = DescriptorStore.builder(DIM).spillFolder(tmp).build()) {
			assertThrows(IllegalArgumentException.class, () -> s.append("a", new float[DIM + 1]));
			assertThrows(IllegalArgumentException.class, () -> s.append("a", new float[0]));
			s.append("a", new float[DIM]);
			assertThrows(IllegalArgumentException.class, () -> s.append("a", new float[DIM]));
			assertThrows(IndexOutOfBoundsException.class, () -> s.rows(0, 2, new float[2 * DIM]));
			assertThrows(IndexOutOfBoundsException.class, () -> s.rowRange(1));
		}
		assertThrows(IllegalArgumentException.class, () -> DescriptorStore.builder(0));
		assertThrows(IllegalArgumentException.class, () -> DescriptorStore.builder(3).heapBudgetBytes(-1));
	}
}
