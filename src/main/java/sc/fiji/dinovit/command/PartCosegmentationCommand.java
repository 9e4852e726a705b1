package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.process.ImageProcessor;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartDiagnostics;
import sc.fiji.dinovit.algorithms.parts.PartLabelImage;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.ij1.LabelColors;
import sc.fiji.dinovit.pipeline.PartCosegmentationPipeline;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * "DINO Part Co-segmentation": common parts of a set of images (Amir et al., part
 * co-segmentation; {@link sc.fiji.dinovit.algorithms.parts.PartCosegmentation}), one label image
 * per image in its own size and calibration: 0 = background, 1..K = parts, the same id meaning the
 * same part in every image. 8-bit with a Glasbey-like LUT ({@link LabelColors}, 0 black); 16-bit
 * when K exceeds 255. The set and the outputs are those of {@link ImageSetCommand} (stack,
 * open_images, folder: {@code <name>_parts.tif}). The frames of a time-lapse (a hyperstack with
 * several frames) are one set through the pipeline's {@code runFrames}: parts are consistent over
 * time, without temporal smoothing; crop augmentations are refused there. The stage-1 k, salient
 * clusters, parts and fallbacks go to the Log.
 * <p>
 * Defaults are the reference's for large sets: 4 parts, two stages, no augmentation, CRF on,
 * layer 11, key, stride 4, load_size 224, threshold 0.065, 75% votes, elbows 0.975 and 0.94, every
 * 100th descriptor, low-resolution saliency on, seed 1234. For a few still images the reference
 * uses three_stages, crop_augmentations=20 and load_size=360. In a macro a checkbox key is on only
 * when written: the recorder writes {@code crf low_res_saliency} for the defaults, and so should a
 * hand-written macro.
 * <p>
 * Macro keys: image, model, model_file, device, input, folder, output_folder, overwrite, layer,
 * facet, stride, load_size, num_parts, three_stages, elbow, elbow_second_stage, crop_augmentations,
 * crf, saliency_threshold, votes_percentage, sample_interval, low_res_saliency, seed.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Part Co-segmentation")
public class PartCosegmentationCommand extends ImageSetCommand {

	@Parameter(label = "num_parts", description = "Number of parts", min = "1")
	private Integer num_parts = 4;

	@Parameter(label = "three_stages", description = "Keep only the parts common to every image (small sets)")
	private Boolean three_stages = false;

	@Parameter(label = "elbow", description = "Elbow coefficient of the foreground clustering (0 to 1)")
	private Double elbow = 0.975;

	@Parameter(label = "elbow_second_stage", description = "Elbow coefficient of the second stage (three stages)")
	private Double elbow_second_stage = 0.94;

	@Parameter(label = "crop_augmentations",
		description = "Random crop and mirror pairs added per image (small sets of still images)", min = "0")
	private Integer crop_augmentations = 0;

	@Parameter(label = "crf", description = "Refine the labels with a dense CRF")
	private Boolean crf = true;

	@Parameter(label = "saliency_threshold",
		description = "A cluster gets an image's vote when its mean saliency there is above this")
	private Double saliency_threshold = 0.065;

	@Parameter(label = "votes_percentage", description = "Percent of the images a cluster needs to be foreground",
		min = "1", max = "100")
	private Integer votes_percentage = 75;

	@Parameter(label = "sample_interval", description = "k-means trains on every n-th descriptor of each image",
		min = "1")
	private Integer sample_interval = 100;

	@Parameter(label = "low_res_saliency", description = "Saliency from a half-size image at stride = patch size")
	private Boolean low_res_saliency = true;

	@Parameter(label = "seed", description = "Seed of the k-means and of the augmentation crops (faiss' 1234)")
	private Integer seed = 1234;

	@Override
	protected int passesPerImage() {
		return 1 + Math.max(0, crop_augmentations);
	}

	@Override
	protected String suffix() {
		return "parts";
	}

	@Override
	protected void checkSet(final boolean timeLapse) {
		if (timeLapse && crop_augmentations != null && crop_augmentations > 0) throw new IllegalArgumentException(
			"crop_augmentations=" + crop_augmentations + " with the frames of a time-lapse: augmentations are meant " +
				"for a few still images; set crop_augmentations=0");
	}

	@Override
	protected Segmentation segment(final ModelCache.Lease lease, final ImageSet set, final Progress progress) {
		final PartCosegmentationSettings settings = PartCosegmentationSettings.builder().layer(layer).facet(Facet
			.parse(facet)).stride(stride).loadSize(load_size).numParts(num_parts).threeStages(three_stages).elbow(elbow)
			.elbowSecondStage(elbow_second_stage).cropAugmentations(crop_augmentations).crf(crf).saliencyThreshold(
				saliency_threshold).votesPercentage(votes_percentage).sampleInterval(sample_interval).lowResSaliency(
					low_res_saliency).seed(seed).build();
		final PartCosegmentationPipeline pipeline = new PartCosegmentationPipeline(lease.model());
		final PartCosegmentationResult r = set.isTimeLapse() ? pipeline.runFrames(set.images(), settings, progress)
			: pipeline.run(set.images(), settings, progress);
		final List<ImageProcessor> planes = new ArrayList<>();
		for (final PartLabelImage l : r.labels())
			planes.add(labelPlane(l, r.numParts()));
		return new Segmentation(planes, summary(r, set));
	}

	/** One label image: 8-bit (16-bit beyond 255 parts), Glasbey-like LUT, display range 0 to 255 or K. */
	static ImageProcessor labelPlane(final PartLabelImage labels, final int numParts) {
		final ImageProcessor ip = ImagePlusOutputs.labelProcessor(labels.width(), labels.height(), labels.labels(),
			numParts);
		ip.setLut(LabelColors.lut());
		ip.setMinAndMax(0, numParts <= 255 ? 255 : numParts);
		return ip;
	}

	/** One line from the diagnostics: stage-1 k and salient clusters, parts, fallbacks, warnings. */
	static String summary(final PartCosegmentationResult r, final ImageSet set) {
		final PartDiagnostics d = r.diagnostics();
		return "DINO Part Co-segmentation of " + set.size() + (set.isTimeLapse() ? " frames" : " images") + ": " + r
			.numParts() + " parts (areas " + Arrays.toString(d.partAreas()) + " px); stage 1: k=" + d.stage1K() +
			", salient clusters " + Arrays.toString(d.stage1SalientClusters()) + " (votes " + Arrays.toString(d
				.stage1Votes()) + ", needed " + d.stage1VotesNeeded() + "); stage 2: k=" + d.stage2K() + ", parts " + d
					.stage2Parts() + (d.commonStage2Parts().length > 0 ? ", common " + Arrays.toString(d
						.commonStage2Parts()) : "") + "; empty centroids dropped: " + d.emptyCentroidsDropped() +
			(d.backgroundFallbackUsed() ? "; no background cluster: every pixel got a part" : "") + (d.warnings()
				.isEmpty() ? "" : "; warnings: " + String.join(" | ", d.warnings()));
	}
}
