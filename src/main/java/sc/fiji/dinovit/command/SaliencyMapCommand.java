package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.ij1.GridImages;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * "DINO Saliency Map": [CLS]-attention saliency of the last layer in [0, 1] as a 32-bit image, one
 * pixel per patch token (calibrated to overlay the input) or, with {@code upscale}, bilinearly
 * interpolated between patch centres to the input's size and calibration. A stack gives a stack.
 * <p>
 * Macro keys: image, model, model_file, device, stride, load_size, heads ("0,2,4,5", "all", or
 * empty for the model's default), upscale.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Saliency Map")
public class SaliencyMapCommand extends DinoCommand {

	@Parameter(label = "stride", description = "Pixels between patches; must divide the patch size", min = "1")
	private Integer stride = 4;

	@Parameter(label = "load_size", description = "Shorter side after resizing; 0 = no resize", min = "0")
	private Integer load_size = 224;

	@Parameter(label = "heads", required = false,
		description = "Attention heads to average, e.g. 0,2,4,5 or all; empty = the model's default")
	private String heads = "";

	@Parameter(label = "upscale", description = "Interpolate the map to the input's size")
	private Boolean upscale = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus saliency;

	@Override
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return MemoryEstimate.of(spec, MemoryNeeds.planes(image), ExtractionSettings.builder().stride(stride)
			.loadSize(load_size).build(), attentionChunkBytes, 0);
	}

	@Override
	protected void compute(final ModelCache.Lease lease, final CommandProgress progress) {
		final int depth = lease.model().spec().depth();
		final ExtractionSettings settings = ExtractionSettings.builder().layer(depth - 1).stride(stride).loadSize(
			load_size).saliency(true).saliencyHeads(Saliency.parseHeads(heads, lease.model().spec())).build();
		final FeatureExtractor extractor = new FeatureExtractor(lease.model());
		final int n = image.getStackSize();
		final List<float[]> planes = new ArrayList<>();
		PatchGrid grid = null;
		for (int z = 1; z <= n; z++) {
			progress.checkCancelled();
			progress.status("DINO saliency: image " + z + "/" + n);
			final ImageFeatures f = extractor.extract(ImagePlusInputs.sourceImage(image, z), settings,
				progress::isCancelled);
			grid = f.grid();
			planes.add(upscale ? GridImages.upsample(f.saliency(), grid, image.getWidth(), image.getHeight()) : f
				.saliency().clone());
			progress.fraction(z / (double) n);
		}
		final Calibration inCal = ImagePlusInputs.calibration(image);
		final ImagePlus out = upscale ? ImagePlusOutputs.floatStack(baseTitle() + "_dino_saliency", image.getWidth(),
			image.getHeight(), planes, null) : ImagePlusOutputs.floatStack(baseTitle() + "_dino_saliency", grid
				.cols(), grid.rows(), planes, null);
		out.setCalibration(upscale ? inCal : ImagePlusOutputs.gridCalibration(inCal, grid, image.getWidth(), image
			.getHeight()));
		out.setDisplayRange(0, 1);
		saliency = out;
	}

	/** The result (after run). */
	public ImagePlus saliency() {
		return saliency;
	}
}
