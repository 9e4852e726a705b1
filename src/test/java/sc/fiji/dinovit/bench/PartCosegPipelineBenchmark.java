package sc.fiji.dinovit.bench;

import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.pipeline.PartCosegmentationPipeline;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Whole part co-segmentation pipeline on N images (the committed test images repeated), as
 * {@link CosegPipelineBenchmark} does for co-segmentation: a random-weight model of the exact
 * ViT-S/8 shape (same cost as the real one), layer 11, key facet, stride 8, load_size 224,
 * low-resolution saliency, two stages, num_parts 4, dense CRF on, no augmentations. Prints one
 * JSON line: time per image (extraction, and clustering + CRF), parts found, peak heap and
 * anonymous RSS. Arguments: N [heap budget for descriptors in MB, default 64] [votes percentage,
 * default 50: the four test images are repeated and random weights give no cluster that most of
 * them share; at 50% two of the seven stage-1 clusters are foreground, the rest background]. Every
 * 60 s a progress line (elapsed, status, heap in use, anonymous RSS) goes to stderr, so that an
 * interrupted run still shows how memory grew.
 */
public final class PartCosegPipelineBenchmark {

	public static void main(final String[] args) throws Exception {
		final int n = Integer.parseInt(args[0]);
		final long budgetMb = args.length > 1 ? Long.parseLong(args[1]) : 64;
		final int votes = args.length > 2 ? Integer.parseInt(args[2]) : 50;
		final List<SourceImage> images = PipelineBenchInputs.repeatedTestImages(n);
		final PartCosegmentationSettings settings = PartCosegmentationSettings.builder().numParts(4).threeStages(false)
			.votesPercentage(votes).crf(true).stride(8).loadSize(224).cropAugmentations(0).build();
		try (VitModel model = VitModel.load(RandomWeights.create(RandomWeights.vitS8(), 7), Device.cpu());
			MemoryProbe probe = new MemoryProbe())
		{
			final PipelineBenchInputs.PhaseClock progress = new PipelineBenchInputs.PhaseClock(0.5);
			final long start = System.nanoTime();
			final Thread logger = new Thread(() -> {
				while (true) {
					try {
						Thread.sleep(60_000);
					}
					catch (final InterruptedException e) {
						return;
					}
					System.err.println(String.format(Locale.ROOT, "[%.0f s] %s; heap in use %.0f MB, anon RSS %.0f MB",
						(System.nanoTime() - start) / 1e9, progress.lastStatus(), MemoryProbe.usedHeapMb(), MemoryProbe.status(
							"RssAnon") / 1024.0));
				}
			}, "bench-log");
			logger.setDaemon(true);
			logger.start();
			final long t0 = System.nanoTime();
			final PartCosegmentationResult result = new PartCosegmentationPipeline(model).memoryBudgetBytes(
				budgetMb << 20).run(images, settings, progress);
			final long t1 = System.nanoTime();
			final double extractMs = (progress.extractionDoneNanos() - t0) / 1e6;
			final double restMs = (t1 - progress.extractionDoneNanos()) / 1e6;
			System.out.println(String.format(Locale.ROOT,
				"{\"case\":\"part-coseg-pipeline\",\"images\":%d,\"budget_mb\":%d,\"xmx_mb\":%d,\"total_s\":%.1f," +
					"\"per_image_ms\":%.1f,\"extraction_per_image_ms\":%.1f,\"clustering_crf_per_image_ms\":%.1f," +
					"\"votes_percentage\":%d,\"stage1_k\":%d,\"salient\":%d,\"parts\":%d,\"background_fallback\":%b,"
					+ "\"part_areas\":\"%s\",\"peak_heap_mb\":%.1f,\"peak_anon_rss_mb\":%.1f,\"vmhwm_mb\":%.1f}",
				n, budgetMb, Runtime.getRuntime().maxMemory() >> 20, (t1 - t0) / 1e9, (t1 - t0) / 1e6 / n, extractMs / n,
				restMs / n, votes, result.diagnostics().stage1K(), result.diagnostics().stage1SalientClusters().length,
				result.numParts(), result.diagnostics().backgroundFallbackUsed(), java.util.Arrays.toString(result
					.diagnostics().partAreas()), probe.peakHeapMb(), probe
					.peakAnonRssMb(), MemoryProbe.vmHwmMb()));
		}
	}
}
