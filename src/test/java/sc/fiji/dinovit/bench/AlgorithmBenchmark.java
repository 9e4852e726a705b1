package sc.fiji.dinovit.bench;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.dinovit.algorithms.correspondence.BestBuddies;

import sc.fiji.dinovit.algorithms.cluster.Assignment;
import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeans;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentation;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartInput;
import sc.fiji.dinovit.algorithms.store.DescriptorStore;
import sc.fiji.dinovit.features.LogBinning;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Plain benchmark harness for the algorithms (run by scripts/bench_algorithms.sh, one case per JVM
 * so that peak memory is per case). Inputs come from {@link SyntheticDescriptors}, bit-identical to
 * those of scripts/bench_algorithms.py. Prints one JSON line per case.
 * <p>
 * Usage:
 * <ul>
 * <li>{@code logbin RUNS THREADS} – log-binning of a 55 x 73 x 384 grid (after one warm-up);</li>
 * <li>{@code bestbuddies RUNS THREADS} – best buddies of two binned 55 x 73 grids (4015 x 6528);</li>
 * <li>{@code coseg IMAGES RUNS THREADS BUDGET_MB RESTARTS} – the co-segmentation clustering steps
 * on IMAGES synthetic images of 28 x 37 x 384: store append (L2-normalised, spilling beyond
 * BUDGET_MB), training subset (every 100th row), elbow search k = 1..14 (faiss-like, 300
 * iterations, RESTARTS restarts), one full streaming assignment with the chosen centroids.</li>
 * <li>{@code parts IMAGES BUDGET_MB} – part co-segmentation after extraction
 * ({@link PartCosegmentation#run}: two stages, num_parts 4, dense CRF on, sample interval 100) on
 * IMAGES synthetic images of 28 x 37 x 384 kept raw in a store spilling beyond BUDGET_MB; saliency 1
 * on the patches of true clusters 0 to 2, 0 elsewhere; a 296 x 224 px RGB image (one colour per
 * true cluster) made on demand for the CRF; labels returned at 396 x 300 px. One run.</li>
 * </ul>
 */
public final class AlgorithmBenchmark {

	private AlgorithmBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final String json;
		switch (args[0]) {
			case "logbin":
				json = logBinning(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
				break;
			case "bestbuddies":
				json = bestBuddies(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
				break;
			case "coseg":
				json = coseg(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
					Long.parseLong(args[4]), Integer.parseInt(args[5]));
				break;
			case "parts":
				json = parts(Integer.parseInt(args[1]), Long.parseLong(args[2]));
				break;
			default:
				throw new IllegalArgumentException("Unknown case " + args[0] +
					"; use logbin, bestbuddies, coseg or parts");
		}
		System.out.println(json);
	}

	private static String logBinning(final int runs, final int threads) {
		final int r = SyntheticDescriptors.GRID_ROWS, c = SyntheticDescriptors.GRID_COLS, d = SyntheticDescriptors.GRID_DIM;
		final float[] grid = SyntheticDescriptors.gridA();
		final StringBuilder sb = new StringBuilder("{\"case\":\"logbin\",\"impl\":\"java\",\"grid\":[" + r + "," + c +
			"," + d + "]");
		for (final int t : new int[] { 1, threads }) {
			final float[][] out = new float[1][];
			final double[] ms = time(runs, 1, () -> out[0] = LogBinning.bin(grid, r, c, d, 2, t));
			sb.append(String.format(Locale.ROOT, ",\"threads_%d\":{\"median_ms\":%.2f,\"runs_ms\":%s}", t, median(ms),
				Arrays.toString(ms)));
			if (t == 1) sb.append(String.format(Locale.ROOT, ",\"checksum\":%.10e,\"out_dim\":%d", sum(out[0]),
				out[0].length / (r * c)));
			if (threads == 1) break;
		}
		return sb.append("}").toString();
	}

	private static String bestBuddies(final int runs, final int threads) throws InterruptedException {
		final int r = SyntheticDescriptors.GRID_ROWS, c = SyntheticDescriptors.GRID_COLS, d = SyntheticDescriptors.GRID_DIM;
		final float[] rawA = SyntheticDescriptors.gridA();
		final float[] a = LogBinning.bin(rawA, r, c, d);
		final float[] b = LogBinning.bin(SyntheticDescriptors.gridB(rawA), r, c, d);
		final int dim = LogBinning.binnedChannels(d, 2);
		final int n = r * c;
		BestBuddies res = null;
		final double[] ms = new double[runs];
		for (int i = 0; i < runs; i++) {
			final long t0 = System.nanoTime();
			res = BestBuddies.of(a, n, b, n, dim);
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		long idxSum = 0;
		final int[] buddies = res.buddies();
		for (final int i : buddies)
			idxSum += i + (long) res.nnAB(i);
		return String.format(Locale.ROOT,
			"{\"case\":\"bestbuddies\",\"impl\":\"java BestBuddies (algorithms.correspondence)\",\"patches\":%d," +
				"\"dim\":%d,\"threads\":%d,\"median_ms\":%.1f,\"runs_ms\":%s,\"buddies\":%d,\"buddy_index_sum\":%d," +
				"\"vmhwm_mb\":%.1f}",
			r * c, dim, threads, median(ms), Arrays.toString(ms), buddies.length, idxSum,
			MemoryProbe.vmHwmMb());
	}

	private static String coseg(final int images, final int runs, final int threads, final long budgetMb,
		final int restarts) throws IOException
	{
		final KMeansConfig config = KMeansConfig.faissLike(1).withRestarts(restarts).withThreads(threads);
		final ElbowSearch search = new ElbowSearch(config, ElbowSearch.COSEGMENTATION_ELBOW,
			ElbowSearch.REFERENCE_K_MAX);
		final List<String> runJson = new ArrayList<>();
		final double[] total = new double[runs];
		double peakHeap = 0, peakAnon = 0, liveAfterAppend = 0;
		try (MemoryProbe probe = new MemoryProbe()) {
			for (int run = 0; run < runs; run++) {
				System.gc();
				probe.reset();
				double genMs = 0;
				final long t0 = System.nanoTime();
				try (DescriptorStore store = DescriptorStore.builder(SyntheticDescriptors.COSEG_DIM)
					.heapBudgetBytes(budgetMb << 20).normaliseOnAppend(true)
					.spillFolder(Paths.get(System.getProperty("java.io.tmpdir"))).build())
				{
					for (int i = 0; i < images; i++) {
						final long g = System.nanoTime();
						final float[] img = SyntheticDescriptors.cosegImage(i);
						genMs += (System.nanoTime() - g) / 1e6;
						store.append("image-" + i, img);
					}
					final long t1 = System.nanoTime();
					final float[] training = store.trainingSubset(100, false);
					final long t2 = System.nanoTime();
					final ElbowResult elbow = search.run(training, store);
					final long t3 = System.nanoTime();
					final Assignment all = KMeans.assign(store, elbow.centroids(), threads);
					final long t4 = System.nanoTime();
					final double appendMs = (t1 - t0) / 1e6 - genMs;
					final double subsetMs = (t2 - t1) / 1e6, elbowMs = (t3 - t2) / 1e6, assignMs = (t4 - t3) / 1e6;
					total[run] = appendMs + subsetMs + elbowMs + assignMs;
					peakHeap = Math.max(peakHeap, probe.peakHeapMb());
					peakAnon = Math.max(peakAnon, probe.peakAnonRssMb());
					runJson.add(String.format(Locale.ROOT,
						"{\"generate_ms\":%.1f,\"append_ms\":%.1f,\"subset_ms\":%.1f,\"elbow_ms\":%.1f,\"assign_ms\":%.1f," +
							"\"total_ms\":%.1f,\"k\":%d,\"objectives\":%s,\"training_rows\":%d,\"heap_part_mb\":%.1f," +
							"\"spilled_mb\":%.1f,\"mean_sq_dist\":%.6f,\"peak_heap_mb\":%.1f,\"peak_anon_rss_mb\":%.1f}",
						genMs, appendMs, subsetMs, elbowMs, assignMs, total[run], elbow.k(),
						Arrays.toString(elbow.objectives()), training.length / SyntheticDescriptors.COSEG_DIM,
						store.heapBytes() / 1048576.0, store.spilledBytes() / 1048576.0, all.meanSquaredDistance(),
						probe.peakHeapMb(), probe.peakAnonRssMb()));
					if (run == 0) {
						System.gc();
						liveAfterAppend = MemoryProbe.usedHeapMb();
					}
				}
			}
		}
		final double med = median(total);
		return String.format(Locale.ROOT,
			"{\"case\":\"coseg\",\"impl\":\"java\",\"images\":%d,\"patches_per_image\":%d,\"dim\":%d,\"threads\":%d," +
				"\"heap_budget_mb\":%d,\"max_heap_mb\":%.0f,\"restarts\":%d,\"iterations\":300,\"median_total_ms\":%.1f," +
				"\"median_ms_per_image\":%.2f,\"peak_heap_mb\":%.1f,\"peak_anon_rss_mb\":%.1f,\"vmhwm_mb\":%.1f," +
				"\"live_heap_with_store_mb\":%.1f,\"data_mb\":%.1f,\"runs\":[%s]}",
			images, SyntheticDescriptors.COSEG_PATCHES, SyntheticDescriptors.COSEG_DIM, threads, budgetMb,
			Runtime.getRuntime().maxMemory() / 1048576.0, restarts, med, med / images, peakHeap, peakAnon,
			MemoryProbe.vmHwmMb(), liveAfterAppend,
			(double) images * SyntheticDescriptors.COSEG_PATCHES * SyntheticDescriptors.COSEG_DIM * 4 / 1048576.0,
			String.join(",", runJson));
	}

	private static String parts(final int images, final long budgetMb) throws IOException {
		final int rows = SyntheticDescriptors.COSEG_ROWS, cols = SyntheticDescriptors.COSEG_COLS;
		final PatchGrid grid = PatchGrid.of(rows * 8, cols * 8, 8, 8);
		final PartCosegmentationSettings settings = PartCosegmentationSettings.builder().numParts(4).crf(true)
			.build();
		try (MemoryProbe probe = new MemoryProbe();
			DescriptorStore store = DescriptorStore.builder(SyntheticDescriptors.COSEG_DIM).heapBudgetBytes(
				budgetMb << 20).spillFolder(Paths.get(System.getProperty("java.io.tmpdir"))).build())
		{
			System.gc();
			probe.reset();
			final long t0 = System.nanoTime();
			double genMs = 0;
			final List<PartInput> inputs = new ArrayList<>(images);
			for (int i = 0; i < images; i++) {
				final long g = System.nanoTime();
				final float[] img = SyntheticDescriptors.cosegImage(i);
				genMs += (System.nanoTime() - g) / 1e6;
				final int index = store.append("image-" + i, img);
				final int scene = i % SyntheticDescriptors.BASE_SETS;
				final float[] saliency = new float[grid.numPatches()];
				for (int p = 0; p < saliency.length; p++)
					saliency[p] = trueCluster(grid.rowOf(p), grid.colOf(p), scene) < 3 ? 1f : 0f;
				inputs.add(PartInput.original(grid, store.imageSource(index), saliency, () -> {
					final int[] rgb = new int[grid.width() * grid.height()];
					for (int y = 0; y < grid.height(); y++)
						for (int x = 0; x < grid.width(); x++)
							rgb[y * grid.width() + x] = 0x2a1f17 * (1 + trueCluster(y / 8, x / 8, scene)) & 0xffffff;
					return rgb;
				}, 396, 300));
			}
			final long t1 = System.nanoTime();
			final long[] labellingStart = { 0 };
			final Progress progress = new Progress() {
				@Override
				public void status(final String message) {
					if (labellingStart[0] == 0 && message.contains("labelling")) labellingStart[0] = System.nanoTime();
				}

				@Override
				public void fraction(final double done) {}

				@Override
				public boolean isCancelled() { return false; }
			};
			final PartCosegmentationResult r = PartCosegmentation.run(inputs, settings, progress);
			final long t2 = System.nanoTime();
			final double appendMs = (t1 - t0) / 1e6 - genMs, runMs = (t2 - t1) / 1e6;
			final double clusteringMs = (labellingStart[0] - t1) / 1e6, labellingMs = (t2 - labellingStart[0]) / 1e6;
			return String.format(Locale.ROOT,
				"{\"case\":\"parts\",\"impl\":\"java\",\"images\":%d,\"patches_per_image\":%d,\"dim\":%d," +
					"\"heap_budget_mb\":%d,\"max_heap_mb\":%.0f,\"append_ms\":%.1f,\"parts_ms\":%.1f," +
					"\"clustering_ms\":%.1f,\"crf_labelling_ms\":%.1f,\"crf_ms_per_image\":%.1f," +
					"\"ms_per_image\":%.2f,\"stage1_k\":%d,\"parts\":%d,\"part_areas\":\"%s\",\"spilled_mb\":%.1f," +
					"\"peak_heap_mb\":%.1f,\"peak_anon_rss_mb\":%.1f,\"vmhwm_mb\":%.1f,\"data_mb\":%.1f}",
				images, grid.numPatches(), SyntheticDescriptors.COSEG_DIM, budgetMb, Runtime.getRuntime().maxMemory() /
					1048576.0, appendMs, runMs, clusteringMs, labellingMs, labellingMs / images, (appendMs + runMs) / images, r.diagnostics().stage1K(), r.numParts(), Arrays
						.toString(r.diagnostics().partAreas()), store.spilledBytes() / 1048576.0, probe.peakHeapMb(), probe
							.peakAnonRssMb(), MemoryProbe.vmHwmMb(), (double) images * grid.numPatches() *
								SyntheticDescriptors.COSEG_DIM * 4 / 1048576.0);
		}
	}

	/** The true cluster of patch (y, x) in a scene, as {@link SyntheticDescriptors#cosegImage} plants it. */
	private static int trueCluster(final int y, final int x, final int scene) {
		return (y / 7 + x / 10 + scene) % SyntheticDescriptors.TRUE_CLUSTERS;
	}

	private static double[] time(final int runs, final int warmup, final Runnable task) {
		for (int i = 0; i < warmup; i++)
			task.run();
		final double[] ms = new double[runs];
		for (int i = 0; i < runs; i++) {
			final long t0 = System.nanoTime();
			task.run();
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		return ms;
	}

	static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static double sum(final float[] v) {
		double s = 0;
		for (final float x : v)
			s += x;
		return s;
	}
}
