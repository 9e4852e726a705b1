package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;

import org.scijava.app.StatusService;
import org.scijava.plugin.Parameter;

import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.features.MemoryGuard;
import sc.fiji.dinovit.model.ModelSpec;

import ij.ImagePlus;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * What every DINO command shares: the input image, the model (registry id or local file), the
 * device, cooperative cancel, and the error contract. Subclasses implement {@link #compute}; a
 * failure is thrown as an exception whose message names the problem and the fix (the IJ1 bridge
 * shows it and aborts the macro), a cancel (Esc, {@link #cancel}) leaves the module cancelled with
 * no output.
 * <p>
 * Parameter names are the public macro keys: lowercase snake_case, never renamed.
 */
public abstract class DinoCommand extends CancelableCommand {

	@Parameter(required = false)
	protected StatusService status;

	/**
	 * Not required for SciJava, so that a command whose input can be a folder runs with no image
	 * open; {@link #checkInputs()} asks for it where it is needed.
	 */
	@Parameter(label = "image", required = false,
		description = "Input image (grey or RGB; every plane of a stack is processed)")
	protected ImagePlus image;

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

	/**
	 * Checks (and may gather) the inputs before any model is loaded, so that a bad input fails at
	 * once. By default the image must be a supported DINO input.
	 *
	 * @throws IllegalArgumentException naming the problem and the fix
	 * @throws IOException when an input cannot be read
	 */
	protected void checkInputs() throws IOException {
		ImagePlusInputs.requireSupported(image);
	}

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
	protected String baseTitle() {
		final String t = image.getShortTitle();
		return t == null || t.isEmpty() ? "image" : t;
	}


}
