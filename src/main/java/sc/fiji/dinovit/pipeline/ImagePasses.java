package sc.fiji.dinovit.pipeline;

import java.util.function.BooleanSupplier;

import sc.fiji.dinovit.algorithms.coseg.NearestResize;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.FloatGrayImage;
import sc.fiji.dinovit.imglib2.ImagePreprocessor;
import sc.fiji.dinovit.imglib2.LanczosResizer;
import sc.fiji.dinovit.imglib2.LoadSize;
import sc.fiji.dinovit.imglib2.Normalization;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.vit.FeatureRequest;
import sc.fiji.dinovit.vit.PatchGrid;
import sc.fiji.dinovit.vit.VitModel;
import sc.fiji.dinovit.vit.VitOutput;

/**
 * The network passes the co-segmentation pipelines make on one image, with a borrowed
 * {@link VitModel}: the load_size resize (Pillow Lanczos), the descriptor pass on the resized image
 * and the reference's low-resolution saliency pass. Each pipeline keeps its own policy (which size
 * the low-resolution image gets, what happens when it is smaller than a patch); this class only
 * does the passes. Thread-safe when the model is; native memory of a pass is freed before it
 * returns.
 */
final class ImagePasses {

	private static final ImagePreprocessor NO_RESIZE = new ImagePreprocessor(LoadSize.none(),
		Normalization.IMAGENET);

	private final VitModel model;
	private final FeatureExtractor extractor;

	ImagePasses(final VitModel model) {
		if (model == null) throw new IllegalArgumentException("model must not be null");
		this.model = model;
		this.extractor = new FeatureExtractor(model);
	}

	ModelSpec spec() {
		return model.spec();
	}

	/** The image resized so that its shorter side is {@code loadSize} (0 = unchanged), as the network sees it. */
	static SourceImage resize(final SourceImage image, final int loadSize) {
		return ImagePreprocessor.imagenet(loadSize).resize(image);
	}

	/**
	 * Descriptors (and what else the settings ask for) of an already resized image; the settings'
	 * load_size is not used.
	 */
	ImageFeatures descriptors(final SourceImage resized, final ExtractionSettings settings,
		final BooleanSupplier cancelled)
	{
		return extractor.extract(NO_RESIZE.apply(resized), settings, cancelled);
	}

	/**
	 * The reference's low-resolution saliency: the <em>original</em> image (the reference re-reads
	 * the file) resized with Lanczos to exactly {@code lowWidth} x {@code lowHeight}, one pass at
	 * stride = patch size, [CLS] attention of the last layer averaged over {@code heads} and min-max
	 * normalised ({@link Saliency#compute}), then resized to the descriptor grid with the
	 * Pillow-style nearest rule of {@link NearestResize} (input index floor((i + 0.5) * (in / out))).
	 *
	 * @param lowWidth width of the low-resolution image; the caller makes sure a patch fits
	 * @param heads attention heads to average, validated against the model
	 * @param grid the descriptor grid the map is resized to
	 * @return one value per patch of {@code grid}, row-major
	 */
	float[] lowResSaliency(final SourceImage original, final int lowWidth, final int lowHeight, final int[] heads,
		final PatchGrid grid, final BooleanSupplier cancelled)
	{
		final ModelSpec spec = model.spec();
		final int patch = spec.patchSize();
		final int last = spec.depth() - 1;
		final SourceImage low = resizeExactly(original, lowWidth, lowHeight);
		final VitOutput out = model.forward(NO_RESIZE.apply(low).chw(), lowHeight, lowWidth, patch, FeatureRequest
			.builder().attention(last).build(), cancelled);
		final float[] lowMap = Saliency.compute(out, last, heads);
		final PatchGrid lowGrid = out.grid();
		return NearestResize.resize(lowMap, lowGrid.cols(), lowGrid.rows(), grid.cols(), grid.rows());
	}

	/** Lanczos resize to exactly the given size (aspect ratio not kept). */
	static SourceImage resizeExactly(final SourceImage image, final int width, final int height) {
		if (image instanceof ByteImage b) return LanczosResizer.resize(b, width, height);
		return LanczosResizer.resize((FloatGrayImage) image, width, height);
	}

	/**
	 * The image as packed 0xRRGGBB, row-major (what GrabCut and the CRF read): grey is replicated,
	 * float grey is clamped to [0, 1], scaled by 255 and rounded.
	 */
	static int[] packedRgb(final SourceImage image) {
		final int n = image.width() * image.height();
		final int[] rgb = new int[n];
		if (image instanceof ByteImage b) {
			final byte[] d = b.data();
			for (int i = 0; i < n; i++) {
				if (b.channels() == 3) rgb[i] = (d[3 * i] & 0xff) << 16 | (d[3 * i + 1] & 0xff) << 8 | d[3 * i + 2] & 0xff;
				else rgb[i] = (d[i] & 0xff) * 0x010101;
			}
		}
		else {
			final float[] d = ((FloatGrayImage) image).data();
			for (int i = 0; i < n; i++)
				rgb[i] = (int) Math.round(Math.max(0, Math.min(1, d[i])) * 255) * 0x010101;
		}
		return rgb;
	}
}
