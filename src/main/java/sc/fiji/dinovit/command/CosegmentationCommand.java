package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import sc.fiji.dinovit.algorithms.coseg.BinaryMask;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationResult;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.coseg.GrabCutOutcome;
import sc.fiji.dinovit.algorithms.coseg.ImageCosegmentation;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.pipeline.CosegmentationPipeline;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * "DINO Co-segmentation": the common foreground of a set of images (Amir et al., co-segmentation;
 * {@link sc.fiji.dinovit.algorithms.coseg.Cosegmentation}), one 8-bit binary mask (0 background,
 * 255 foreground) per image, in the image's own size and calibration. The set and the outputs
 * are those of {@link ImageSetCommand} (stack, open_images, folder: {@code <name>_mask.tif}). The
 * chosen k, the salient clusters, outliers and GrabCut fallbacks go to the Log.
 * <p>
 * Defaults are the paper's: layer 11, key, stride 4, load_size 224, threshold 0.065, 75% votes,
 * elbow 0.975, every 100th descriptor, low-resolution saliency and GrabCut on, outlier removal off
 * (0.7), k-means seed 1234. In a macro a checkbox key is on only when written: the recorder
 * writes {@code low_res_saliency grabcut} for the defaults, and so should a hand-written macro.
 * <p>
 * Macro keys: image, model, model_file, device, input, folder, output_folder, overwrite, layer,
 * facet, stride, load_size, bin, saliency_threshold, votes_percentage, elbow, sample_interval,
 * low_res_saliency, remove_outliers, outlier_threshold, grabcut, heads, seed.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Co-segmentation")
public class CosegmentationCommand extends ImageSetCommand {

	@Parameter(label = "bin", description = "Log-binned descriptors")
	private Boolean bin = false;

	@Parameter(label = "saliency_threshold",
		description = "A cluster gets an image's vote when its mean saliency there is above this")
	private Double saliency_threshold = 0.065;

	@Parameter(label = "votes_percentage", description = "Percent of the images a cluster needs to be foreground")
	private Double votes_percentage = 75.0;

	@Parameter(label = "elbow", description = "Elbow coefficient of the k search (0 to 1)")
	private Double elbow = 0.975;

	@Parameter(label = "sample_interval", description = "k-means trains on every n-th descriptor of each image",
		min = "1")
	private Integer sample_interval = 100;

	@Parameter(label = "low_res_saliency", description = "Saliency from a half-size image at stride = patch size")
	private Boolean low_res_saliency = true;

	@Parameter(label = "remove_outliers", description = "Images whose [CLS] is far from the set's get an empty mask")
	private Boolean remove_outliers = false;

	@Parameter(label = "outlier_threshold", description = "Cosine similarity to the mean [CLS] an inlier needs")
	private Double outlier_threshold = 0.7;

	@Parameter(label = "grabcut", description = "Refine each mask with GrabCut")
	private Boolean grabcut = true;

	@Parameter(label = "heads", required = false,
		description = "Attention heads for saliency, e.g. 0,2,4,5 or all; empty = the model's default")
	private String heads = "";

	@Parameter(label = "seed", description = "Seed of the k-means (faiss' default 1234)")
	private Integer seed = 1234;

	@Override
	protected boolean binned() {
		return bin;
	}

	@Override
	protected String suffix() {
		return "mask";
	}

	@Override
	protected Segmentation segment(final ModelCache.Lease lease, final ImageSet set, final Progress progress) {
		final CosegmentationSettings settings = CosegmentationSettings.builder().layer(layer).facet(Facet.parse(
			facet)).stride(stride).loadSize(load_size).bin(bin).lowResSaliency(low_res_saliency).saliencyHeads(Saliency
				.parseHeads(heads, lease.model().spec())).saliencyThreshold(saliency_threshold).votesPercentage(
					votes_percentage).elbow(elbow).sampleInterval(sample_interval).removeOutliers(remove_outliers)
			.outlierThreshold(outlier_threshold).grabCut(grabcut).seed(seed).threads(Runtime.getRuntime()
				.availableProcessors()).build();
		final CosegmentationResult r = new CosegmentationPipeline(lease.model()).run(set.images(), settings, progress);
		final List<ImageProcessor> planes = new ArrayList<>();
		for (final ImageCosegmentation im : r.images()) {
			final BinaryMask m = im.mask();
			planes.add(new ByteProcessor(m.width(), m.height(), m.toBytes()));
		}
		return new Segmentation(planes, summary(r, set));
	}

	/** The result's summary, naming the images where GrabCut fell back and the outliers. */
	static String summary(final CosegmentationResult r, final ImageSet set) {
		final List<String> fellBack = new ArrayList<>(), outliers = new ArrayList<>();
		for (int i = 0; i < r.size(); i++) {
			if (r.image(i).grabCut() == GrabCutOutcome.FELL_BACK) fellBack.add(set.members().get(i).name());
			if (r.image(i).outlier()) outliers.add(set.members().get(i).name());
		}
		final StringBuilder sb = new StringBuilder("DINO Co-segmentation: ").append(r.summary());
		if (!fellBack.isEmpty()) sb.append(String.format(Locale.ROOT,
			"%nGrabCut fell back to the coarse mask on: %s", String.join(", ", fellBack)));
		if (!outliers.isEmpty()) sb.append(String.format(Locale.ROOT, "%nOutliers (empty masks): %s", String.join(
			", ", outliers)));
		return sb.toString();
	}
}
