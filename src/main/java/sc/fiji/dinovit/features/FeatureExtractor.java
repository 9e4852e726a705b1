package sc.fiji.dinovit.features;

import java.util.function.BooleanSupplier;

import sc.fiji.dinovit.imglib2.ImagePreprocessor;
import sc.fiji.dinovit.imglib2.NormalizedImage;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.vit.FeatureRequest;
import sc.fiji.dinovit.vit.PatchGrid;
import sc.fiji.dinovit.vit.VitModel;
import sc.fiji.dinovit.vit.VitOutput;

/**
 * Dense descriptors of single images from a shared {@link VitModel}: resize (load_size,
 * Lanczos-3 like Pillow), ImageNet normalisation, one forward pass that stops at the deepest block
 * needed, optional log-binning and saliency. Thread-safe when the model is; the model is borrowed,
 * not owned.
 */
public final class FeatureExtractor {

	private final VitModel model;

	public FeatureExtractor(final VitModel model) {
		this.model = model;
	}

	public VitModel model() {
		return model;
	}

	/** Resizes and normalises the image as the settings say, then extracts. */
	public ImageFeatures extract(final SourceImage image, final ExtractionSettings settings,
		final BooleanSupplier cancelled)
	{
		return extract(ImagePreprocessor.imagenet(settings.loadSize()).apply(image), settings, cancelled);
	}

	/** Extracts from an already resized and normalised image (settings.loadSize() is not used). */
	public ImageFeatures extract(final NormalizedImage image, final ExtractionSettings settings,
		final BooleanSupplier cancelled)
	{
		final int depth = model.spec().depth();
		if (settings.layer() >= depth) throw new IllegalArgumentException("Layer " + settings.layer() +
			" does not exist: " + model.spec().describe() + " has layers 0 to " + (depth - 1));
		PatchGrid.checkStride(model.spec().patchSize(), settings.stride());
		SourceImage.requirePatchFits(image.width(), image.height(), model.spec().patchSize());
		final int[] heads = settings.saliencyHeads() != null ? settings.saliencyHeads() : Saliency.defaultHeads(
			model.spec());
		if (settings.saliency()) Saliency.validateHeads(heads, model.spec().numHeads());
		final FeatureRequest.Builder request = FeatureRequest.builder().facet(settings.layer(), settings.facet());
		if (settings.saliency()) request.attention(depth - 1);
		final VitOutput out = model.forward(image.chw(), image.height(), image.width(), settings.stride(),
			request.build(), cancelled);
		Descriptors d = Descriptors.of(out, settings.layer(), settings.facet(), settings.includeCls());
		if (settings.bin()) d = d.binned();
		final float[] saliency = settings.saliency() ? Saliency.compute(out, depth - 1, heads) : null;
		return new ImageFeatures(d, saliency, image.originalWidth(), image.originalHeight());
	}
}
