package sc.fiji.dinovit.bench;

import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationResult;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.pipeline.CosegmentationPipeline;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Whole co-segmentation pipeline on N images (the committed test images repeated): extraction
 * with a random-weight model of the exact ViT-S/8 shape (same cost as the real one), stride 8,
 * load_size 224, low-resolution saliency, elbow clustering, voting, GrabCut. Prints one JSON
 * line: time per image (extraction and the rest), peak heap and anonymous RSS.
 * Arguments: N [heap budget for descriptors in MB, default 64].
 */
public final class CosegPipelineBenchmark {

	public static void main(final String[] args) throws Exception {
		final int n = Integer.parseInt(args[0]);
		final long budgetMb = args.length > 1 ? Long.parseLong(args[1]) : 64;
		final List<SourceImage> images = PipelineBenchInputs.repeatedTestImages(n);
		final CosegmentationSettings settings = CosegmentationSettings.builder().extraction(
			CosegmentationSettings.defaults().extraction().toBuilder().stride(8).loadSize(224).build()).build();
		try (VitModel model = VitModel.load(RandomWeights.create(RandomWeights.vitS8(), 7), Device.cpu());
			MemoryProbe probe = new MemoryProbe())
		{
			final PipelineBenchInputs.PhaseClock progress = new PipelineBenchInputs.PhaseClock(0.6);
			final long t0 = System.nanoTime();
			final CosegmentationResult result = new CosegmentationPipeline(model).memoryBudgetBytes(budgetMb << 20)
				.run(images, settings, progress);
			final long t1 = System.nanoTime();
			final double extractMs = (progress.extractionDoneNanos() - t0) / 1e6;
			final double restMs = (t1 - progress.extractionDoneNanos()) / 1e6;
			System.out.println(String.format(Locale.ROOT,
				"{\"case\":\"coseg-pipeline\",\"images\":%d,\"budget_mb\":%d,\"total_s\":%.1f,\"per_image_ms\":%.1f," +
					"\"extraction_per_image_ms\":%.1f,\"clustering_grabcut_per_image_ms\":%.1f,\"k\":%d," +
					"\"peak_heap_mb\":%.1f,\"peak_anon_rss_mb\":%.1f,\"vmhwm_mb\":%.1f}",
				n, budgetMb, (t1 - t0) / 1e9, (t1 - t0) / 1e6 / n, extractMs / n, restMs / n, result.k(), probe
					.peakHeapMb(), probe.peakAnonRssMb(), MemoryProbe.vmHwmMb()));
		}
	}
}
