package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;

import org.scijava.app.StatusService;
import org.scijava.plugin.Parameter;

import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.features.MemoryGuard;
import sc.fiji.dinovit.model.ModelSpec;

import sc.fiji.dinovit.vit.ModelCache;

/**
 * {@link DinoCommand} without its single {@code image} input, for commands whose images are named
 * otherwise (image_a / image_b, source, an image set): model (registry id or local file), device,
 * cooperative cancel and the same error contract. Subclasses check their images in
 * {@link #checkInputs} (before any model is loaded) and work in {@link #compute}.
 * <p>
 * To be folded with DinoCommand (which could extend this and add {@code image}); kept separate so
 * the existing commands' key order and recorded macros do not change.
 */
public abstract class DinoModelCommand extends CancelableCommand {

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(label = "model", description = "Registry model, downloaded on first use", choices = {
		Models.DINO_VITS8, Models.DINO_VITS16, Models.DINO_VITB8, Models.DINO_VITB16, Models.DINOV2_VITS14,
		Models.DINOV2_VITS14_REG, Models.DINOV2_VITB14, Models.DINOV2_VITB14_REG, Models.DINOV2_VITL14,
		Models.DINOV2_VITL14_REG, Models.DINOV2_VITG14, Models.DINOV2_VITG14_REG })
	protected String model = Models.DEFAULT;

	@Parameter(label = "model_file", required = false, style = "open",
		description = "A local checkpoint (.pth, .bin, .safetensors); overrides model")
	protected File model_file;

	@Parameter(label = "device", choices = { "auto", "cpu", "gpu" })
	protected String device = "auto";

	@Override
	public final void run() {
		ModelRun.run(this, status, model, model_file, device, this::checkInputs, this::memoryNeed,
			this::compute);
	}

	/** Validates the image inputs and settings before the model is loaded; throws naming the fix. */
	protected abstract void checkInputs() throws IOException;

	/**
	 * The memory the run needs with this model (checked by the {@link MemoryGuard} before
	 * {@link #compute}); null (the default) where the command cannot tell before computing.
	 */
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return null;
	}

	/** Does the work with a leased model; polls {@code progress} at every image. */
	protected abstract void compute(ModelCache.Lease model, CommandProgress progress) throws IOException;

	/** "title" without extension, for output names. */
	protected static String baseTitle(final ij.ImagePlus imp) {
		final String t = imp.getShortTitle();
		return t == null || t.isEmpty() ? "image" : t;
	}

}
