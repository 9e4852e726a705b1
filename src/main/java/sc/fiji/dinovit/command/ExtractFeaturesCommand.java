package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * "DINO Extract Features": dense descriptors of one facet of one layer as a 32-bit image with one
 * pixel per patch token ({@code width = grid columns, height = grid rows}) and one slice per
 * descriptor channel, in the native channel order (see {@link Descriptors}). A stack of n planes
 * gives a hyperstack of {@code dim} channels x n slices. Calibrated so it overlays the input (see
 * {@link ImagePlusOutputs#gridCalibration}).
 * <p>
 * Macro keys: image, model, model_file, device, layer, facet, stride, load_size, bin, seed.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Extract Features")
public class ExtractFeaturesCommand extends DinoCommand {

	@Parameter(label = "layer", description = "0-based transformer block", min = "0")
	private Integer layer = 11;

	@Parameter(label = "facet", choices = { "key", "query", "value", "token" })
	private String facet = "key";

	@Parameter(label = "stride", description = "Pixels between patches; must divide the patch size", min = "1")
	private Integer stride = 4;

	@Parameter(label = "load_size", description = "Shorter side after resizing; 0 = no resize", min = "0")
	private Integer load_size = 224;

	@Parameter(label = "bin", description = "Log-binned descriptors (17 x the dimension)")
	private Boolean bin = false;

	@Parameter(label = "seed", description = "Random seed; extraction is deterministic, so it only " +
		"documents the run (kept so every DINO command has the same key)")
	private Integer seed = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus features;

	@Override
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return MemoryEstimate.of(spec, MemoryNeeds.planes(image), settings(), attentionChunkBytes, Long.MAX_VALUE);
	}

	private ExtractionSettings settings() {
		return ExtractionSettings.builder().layer(layer).facet(Facet.parse(facet)).stride(stride).loadSize(load_size)
			.bin(bin).build();
	}

	@Override
	protected void compute(final ModelCache.Lease lease, final CommandProgress progress) {
		final ExtractionSettings settings = settings();
		final FeatureExtractor extractor = new FeatureExtractor(lease.model());
		final int n = image.getStackSize();
		final List<float[]> planes = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		PatchGrid grid = null;
		int dim = 0;
		for (int z = 1; z <= n; z++) {
			progress.checkCancelled();
			progress.status("DINO features: image " + z + "/" + n);
			final ImageFeatures f = extractor.extract(ImagePlusInputs.sourceImage(image, z), settings,
				progress::isCancelled);
			final Descriptors d = f.descriptors();
			grid = d.grid();
			dim = d.dim();
			for (int c = 0; c < dim; c++) {
				planes.add(channel(d, c));
				labels.add(settings.facet().key() + " L" + layer + " c" + c + (n > 1 ? " z" + z : ""));
			}
			progress.fraction(z / (double) n);
		}
		final ImagePlus out = ImagePlusOutputs.floatStack(baseTitle() + "_dino_" + settings.facet().key() + "_L" +
			layer, grid.cols(), grid.rows(), planes, labels);
		if (n > 1) {
			out.setDimensions(dim, n, 1);
			out.setOpenAsHyperStack(true);
		}
		out.setCalibration(ImagePlusOutputs.gridCalibration(ImagePlusInputs.calibration(image), grid, image
			.getWidth(), image.getHeight()));
		out.setProperty("Info", "DINO features: " + settings + " model=" + lease.model().spec().describe());
		features = out;
	}

	private static float[] channel(final Descriptors d, final int c) {
		final float[] data = d.data();
		final int dim = d.dim();
		final float[] plane = new float[d.numPatches()];
		for (int p = 0; p < plane.length; p++)
			plane[p] = data[p * dim + c];
		return plane;
	}

	/** The result (after run). */
	public ImagePlus features() {
		return features;
	}
}
