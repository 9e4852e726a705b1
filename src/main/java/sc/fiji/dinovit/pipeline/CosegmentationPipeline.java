package sc.fiji.dinovit.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import sc.fiji.dinovit.algorithms.store.DescriptorStore;
import sc.fiji.dinovit.features.LogBinning;
import sc.fiji.dinovit.algorithms.coseg.CosegInput;
import sc.fiji.dinovit.algorithms.coseg.Cosegmentation;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationResult;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.grabcut.RgbImage;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Co-segmentation from images: the features part of the reference's {@code find_cosegmentation}
 * (reference-behaviour.md 3.2 steps 1 and 2), then {@link Cosegmentation#run}.
 * <p>
 * Per image, in list order: load_size resize (Pillow Lanczos) of the image to H x W; descriptors
 * of the settings' layer and facet at the settings' stride (binned if asked, with the [CLS]
 * descriptor when outlier removal is on); saliency, either
 * <ul>
 * <li>low-resolution (the default): the <em>original</em> image resized with Lanczos to exactly
 * floor(W/2) x floor(H/2) (or kept at H x W when load_size is 0, as the reference), one pass at
 * stride = patch size, [CLS] attention of the last layer averaged over the saliency heads
 * ({@link Saliency#defaultHeads} unless the settings name them), min-max normalised, then
 * resized to the descriptor grid with Pillow-style nearest neighbour (input index
 * floor((i + 0.5) * in / out));</li>
 * <li>or from the descriptor pass itself, on the same grid.</li>
 * </ul>
 * The resized image (8-bit RGB; grey replicated, float grey scaled by 255 and rounded) is kept
 * for GrabCut. Native memory of every pass is freed before the next image.
 * <p>
 * The model is borrowed, not owned; thread-safe when the model is. Cancellation through
 * {@link Progress}: checked at every image and between network blocks; a cancelled run throws
 * {@link java.util.concurrent.CancellationException} and returns nothing.
 */
public final class CosegmentationPipeline {

	private final ImagePasses passes;
	private long memoryBudgetBytes = -1;

	public CosegmentationPipeline(final VitModel model) {
		if (model == null) throw new IllegalArgumentException("model must not be null");
		this.passes = new ImagePasses(model);
	}

	/**
	 * Co-segments a set of images.
	 *
	 * @param images at least one image; masks come back in each image's own size
	 * @throws IllegalArgumentException for an empty set or settings the model cannot satisfy (layer,
	 *           stride, heads, images too small for a patch), with the fix in the message
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public CosegmentationResult run(final List<? extends SourceImage> images, final CosegmentationSettings settings,
		final Progress progress)
	{
		final Progress p = progress == null ? Progress.NONE : progress;
		if (images == null || images.isEmpty()) throw new IllegalArgumentException(
			"Co-segmentation needs at least one image, got none: give the images of the set");
		checkSettings(settings);
		final Progress features = p.sub(0, 0.6);
		final int dim = passes.spec().embedDim() * (settings.extraction().bin() ? LogBinning.blocks(
			LogBinning.DEFAULT_HIERARCHY) : 1);
		final DescriptorStore.Builder storeBuilder = DescriptorStore.builder(dim);
		if (memoryBudgetBytes >= 0) storeBuilder.heapBudgetBytes(memoryBudgetBytes);
		try (DescriptorStore store = storeBuilder.build()) {
			final List<CosegInput> inputs = new ArrayList<>(images.size());
			for (int i = 0; i < images.size(); i++) {
				p.checkCancelled();
				p.status("Co-segmentation: features of image " + (i + 1) + "/" + images.size());
				final SourceImage image = images.get(i);
				final Prepared in = features(image, settings, p::isCancelled);
				final int index = store.append("image " + (i + 1), in.descriptors.data());
				// Only descriptors (in the store), saliency and [CLS] stay per image; the resized RGB
				// image for GrabCut is made again when needed, so large sets keep flat memory.
				inputs.add(new CosegInput(in.descriptors.grid(), store.imageSource(index), in.descriptors.cls(),
					in.saliency, () -> resizedRgb(image, settings), in.originalWidth, in.originalHeight));
				features.fraction((i + 1.0) / images.size());
			}
			return Cosegmentation.run(inputs, settings, p.sub(0.6, 1));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Co-segmentation could not store the descriptors of " + images.size() +
				" images: " + e.getMessage(), e);
		}
	}

	/**
	 * Bytes of descriptors kept on the Java heap during {@link #run}; the rest go to memory-mapped
	 * temporary files (see {@link DescriptorStore}). Negative (the default): a quarter of the
	 * maximum heap.
	 */
	public CosegmentationPipeline memoryBudgetBytes(final long bytes) {
		this.memoryBudgetBytes = bytes;
		return this;
	}

	/**
	 * The co-segmentation input of one image (descriptors, saliency on the descriptor grid,
	 * resized RGB image, original size).
	 */
	public CosegInput prepare(final SourceImage image, final CosegmentationSettings settings,
		final BooleanSupplier cancelled)
	{
		final Prepared f = features(image, settings, cancelled);
		return CosegInput.of(f.descriptors, f.saliency, f.resized, f.originalWidth, f.originalHeight);
	}

	/** What one image contributes, before its descriptors go to the store. */
	private static final class Prepared {
		final Descriptors descriptors;
		final float[] saliency;
		final RgbImage resized;
		final int originalWidth;
		final int originalHeight;

		Prepared(final Descriptors descriptors, final float[] saliency, final RgbImage resized,
			final int originalWidth, final int originalHeight)
		{
			this.descriptors = descriptors;
			this.saliency = saliency;
			this.resized = resized;
			this.originalWidth = originalWidth;
			this.originalHeight = originalHeight;
		}
	}

	private Prepared features(final SourceImage image, final CosegmentationSettings settings,
		final BooleanSupplier cancelled)
	{
		checkSettings(settings);
		final SourceImage resized = ImagePasses.resize(image, settings.loadSize());
		final ExtractionSettings extraction = settings.extraction().toBuilder().loadSize(0).includeCls(settings
			.removeOutliers()).saliency(!settings.lowResSaliency()).build();
		final ImageFeatures f = passes.descriptors(resized, extraction, cancelled);
		final PatchGrid grid = f.grid();
		final float[] saliency = settings.lowResSaliency() ? lowResSaliency(image, grid, settings, cancelled) : f
			.saliency();
		return new Prepared(f.descriptors(), saliency, new RgbImage(resized.width(), resized.height(), ImagePasses
			.packedRgb(resized)), image.width(), image.height());
	}

	private static RgbImage resizedRgb(final SourceImage image, final CosegmentationSettings settings) {
		final SourceImage resized = ImagePasses.resize(image, settings.loadSize());
		return new RgbImage(resized.width(), resized.height(), ImagePasses.packedRgb(resized));
	}

	/**
	 * The reference's low-resolution saliency of an image, resized to a descriptor grid: the
	 * original at half the resized size, or at the resized size when load_size is 0 (as the
	 * reference); an image smaller than one patch is an error.
	 *
	 * @param original the user's image (not the resized one: the reference re-reads the file)
	 * @param grid the descriptor grid; its width and height are the resized image's
	 */
	private float[] lowResSaliency(final SourceImage original, final PatchGrid grid,
		final CosegmentationSettings settings, final BooleanSupplier cancelled)
	{
		final int patch = passes.spec().patchSize();
		final int lowW = settings.loadSize() == 0 ? grid.width() : grid.width() / 2;
		final int lowH = settings.loadSize() == 0 ? grid.height() : grid.height() / 2;
		if (!SourceImage.patchFits(lowW, lowH, patch)) throw new IllegalArgumentException(
			"The low-resolution saliency image would be " + lowW + "x" + lowH + " px, smaller than one " + patch + "x" +
				patch + " patch: use a larger load_size or turn low-resolution saliency off");
		return passes.lowResSaliency(original, lowW, lowH, heads(settings), grid, cancelled);
	}

	private int[] heads(final CosegmentationSettings settings) {
		return settings.saliencyHeads() != null ? settings.saliencyHeads() : Saliency.defaultHeads(passes.spec());
	}

	private void checkSettings(final CosegmentationSettings settings) {
		if (settings == null) throw new IllegalArgumentException("settings must not be null");
		final ModelSpec spec = passes.spec();
		if (settings.layer() >= spec.depth()) throw new IllegalArgumentException("Layer " + settings.layer() +
			" does not exist: " + spec.describe() + " has layers 0 to " + (spec.depth() - 1) +
			" (the paper's layer 11 is the last of a 12-layer ViT)");
		PatchGrid.checkStride(spec.patchSize(), settings.stride());
		Saliency.validateHeads(heads(settings), spec.numHeads());
	}
}
