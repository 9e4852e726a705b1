package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.measure.ResultsTable;
import sc.fiji.dinovit.algorithms.correspondence.CorrespondenceResult;
import sc.fiji.dinovit.algorithms.correspondence.CorrespondenceSettings;
import sc.fiji.dinovit.algorithms.correspondence.Correspondences;
import sc.fiji.dinovit.algorithms.correspondence.PointPair;
import sc.fiji.dinovit.algorithms.correspondence.SaliencyRule;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.ij1.CorrespondenceOutputs;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * "DINO Correspondences": zero-shot point correspondences between two images (best buddies,
 * saliency filter, clustering; Amir et al. section 5) with the paper's defaults (layer 9, key,
 * binned, stride 4, load_size 224, threshold 0.05, 10 pairs).
 * <p>
 * Outputs: index-aligned sub-pixel PointRois set on image_a and image_b (point i of A matches
 * point i of B; see {@link CorrespondenceOutputs} for the coordinate convention), the table
 * "DINO Correspondences" (match, x_a, y_a, x_b, y_b, similarity, saliency), optionally the same as
 * CSV (csv_file) and as BigWarp landmarks (bigwarp_file). No surviving pair is not an error: the
 * table is empty and the status says why. The input pixels are never modified.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Correspondences")
public class CorrespondencesCommand extends DinoModelCommand {

	@Parameter(label = "image_a", description = "First image (grey or RGB; its current plane)")
	private ImagePlus image_a;

	@Parameter(label = "image_b", description = "Second image (grey or RGB; its current plane)")
	private ImagePlus image_b;

	@Parameter(label = "layer", description = "0-based transformer block", min = "0")
	private Integer layer = CorrespondenceSettings.REFERENCE_LAYER;

	@Parameter(label = "facet", choices = { "key", "query", "value", "token" })
	private String facet = "key";

	@Parameter(label = "bin", description = "Log-binned descriptors (the paper's correspondences use them)")
	private Boolean bin = CorrespondenceSettings.REFERENCE_BINNED;

	@Parameter(label = "stride", description = "Pixels between patches; must divide the patch size", min = "1")
	private Integer stride = CorrespondenceSettings.REFERENCE_STRIDE;

	@Parameter(label = "load_size", description = "Shorter side after resizing; 0 = no resize", min = "0")
	private Integer load_size = CorrespondenceSettings.REFERENCE_LOAD_SIZE;

	@Parameter(label = "saliency_threshold", description = "A patch is salient above this saliency")
	private Double saliency_threshold = 0.05;

	@Parameter(label = "num_pairs", description = "At most this many pairs (clusters)", min = "1")
	private Integer num_pairs = 10;

	@Parameter(label = "rule", choices = { "reference", "partner_salient" },
		description = "reference: the paper's filter; partner_salient: the matched B patch must be salient")
	private String rule = "reference";

	@Parameter(label = "seed", description = "Seed of the k-means clustering")
	private Integer seed = 0;

	@Parameter(label = "csv_file", required = false, style = "save",
		description = "Optional: also write the table as CSV")
	private File csv_file;

	@Parameter(label = "bigwarp_file", required = false, style = "save",
		description = "Optional: also write BigWarp landmarks (moving = image_a, fixed = image_b)")
	private File bigwarp_file;

	@Parameter(type = ItemIO.OUTPUT, label = CorrespondenceOutputs.TABLE_TITLE)
	private ResultsTable correspondences;

	private List<PointPair> pairs = List.of();
	private String emptyReason;

	@Override
	protected void checkInputs() {
		if (image_a == null || image_b == null) throw new IllegalArgumentException(
			"DINO Correspondences needs two images: give image_a=<title> and image_b=<title>");
		ImagePlusInputs.requireSupported(image_a);
		ImagePlusInputs.requireSupported(image_b);
		if (num_pairs == null || num_pairs < 1) throw new IllegalArgumentException("num_pairs must be at least 1");
		if (csv_file != null && !csv_file.getPath().trim().isEmpty()) ResultFiles.requireCreatable(csv_file, false,
			"csv_file");
		if (bigwarp_file != null && !bigwarp_file.getPath().trim().isEmpty()) ResultFiles.requireCreatable(
			bigwarp_file, false, "bigwarp_file");
		if (saliency_threshold == null || !Double.isFinite(saliency_threshold)) throw new IllegalArgumentException(
			"saliency_threshold must be a number, e.g. 0.05");
	}

	@Override
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return MemoryEstimate.of(spec, MemoryNeeds.of(image_a, image_b), settings(), attentionChunkBytes,
			Long.MAX_VALUE);
	}

	private ExtractionSettings settings() {
		return ExtractionSettings.builder().layer(layer).facet(Facet.parse(facet)).stride(stride).loadSize(load_size)
			.bin(bin).saliency(true).build();
	}

	@Override
	protected void compute(final ModelCache.Lease lease, final CommandProgress progress) throws IOException {
		final ExtractionSettings settings = settings();
		final FeatureExtractor extractor = new FeatureExtractor(lease.model());
		progress.checkCancelled();
		progress.status("DINO correspondences: image A");
		final ImageFeatures fa = extractor.extract(ImagePlusInputs.sourceImage(image_a, image_a.getCurrentSlice()),
			settings, progress::isCancelled);
		progress.fraction(0.4);
		progress.checkCancelled();
		progress.status("DINO correspondences: image B");
		final ImageFeatures fb = extractor.extract(ImagePlusInputs.sourceImage(image_b, image_b.getCurrentSlice()),
			settings, progress::isCancelled);
		progress.fraction(0.8);
		progress.checkCancelled();
		progress.status("DINO correspondences: matching");
		final CorrespondenceSettings cs = CorrespondenceSettings.defaults().withSaliencyThreshold(saliency_threshold
			.floatValue()).withNumPairs(num_pairs).withSeed(seed).withRule(parseRule(rule));
		final CorrespondenceResult result = Correspondences.find(fa, fb, cs, progress);
		progress.checkCancelled();
		pairs = result.pairs();
		correspondences = CorrespondenceOutputs.table(pairs);
		if (csv_file != null) CorrespondenceOutputs.writeCsv(pairs, csv_file);
		if (bigwarp_file != null) CorrespondenceOutputs.writeBigWarp(pairs, ImagePlusInputs.calibration(image_a),
			ImagePlusInputs.calibration(image_b), bigwarp_file);
		final PointRoi ra = CorrespondenceOutputs.points(pairs, false);
		final PointRoi rb = CorrespondenceOutputs.points(pairs, true);
		if (ra != null) {
			image_a.setRoi(ra);
			image_b.setRoi(rb);
			CorrespondenceOutputs.toRoiManager(ra, rb, image_a, image_b);
			progress.status("DINO correspondences: " + pairs.size() + " pairs");
		}
		else {
			emptyReason = "DINO Correspondences: no pair survived" + result.emptyReason().map(r -> " (" + r + ")")
				.orElse("") + "; try a lower saliency_threshold or rule=reference";
			progress.status(emptyReason);
			IJ.log(emptyReason);
		}
		progress.fraction(1);
	}

	static SaliencyRule parseRule(final String r) {
		switch (r == null ? "" : r.trim().toLowerCase(Locale.ROOT)) {
			case "reference": return SaliencyRule.REFERENCE;
			case "partner_salient": return SaliencyRule.PARTNER_SALIENT;
			default: throw new IllegalArgumentException("rule=" + r + " is not a rule; use reference or partner_salient");
		}
	}

	/** The pairs found (after run), in output order. */
	public List<PointPair> pairs() {
		return pairs;
	}

	/** Why there is no pair, or null. */
	public String emptyReason() {
		return emptyReason;
	}
}
