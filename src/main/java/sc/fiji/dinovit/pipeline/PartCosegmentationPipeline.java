package sc.fiji.dinovit.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import sc.fiji.dinovit.algorithms.parts.PartCosegmentation;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartInput;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.FloatGrayImage;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Part co-segmentation from images: extracts what {@link PartCosegmentation} needs with a shared
 * {@link VitModel}, then runs it (reference-behaviour §4).
 * <p>
 * Per original image, in list order:
 * <ol>
 * <li>Resize with load_size (shorter side, Pillow Lanczos); the patch grid and the CRF live in this
 * resized image (H x W px).</li>
 * <li>Descriptors: settings' layer and facet at settings' stride, not binned.</li>
 * <li>Saliency, with low-res saliency on (as co-segmentation does): the <em>original</em> image is
 * resized with Lanczos to exactly floor(W/2) x floor(H/2), run at stride = patch size, and the
 * last layer's [CLS] attention (the model's default heads) is resized to the descriptor grid with
 * Pillow's NEAREST rule, src = floor((i + 0.5) &middot; (in / out)) (see {@link ImagePasses}). (With load_size 0 the reference
 * keeps the full size here; we always halve.) If the half-size image is smaller than one patch, or
 * low-res saliency is off, saliency comes from the descriptor pass itself.</li>
 * </ol>
 * <b>Augmentations</b> (num_crop_augmentations = n &gt; 0), appended after all originals: for each
 * original, n times a random crop of floor(0.95 H) x floor(0.95 W) px of the resized image, then
 * one of its horizontal mirror, each re-resized with load_size. Crop corners are uniform and
 * seeded by the settings' seed (the reference's are unseeded). They add descriptors to the
 * clustering, do not vote and are not returned.
 * <p>
 * Thread-safe if the model is; the model is borrowed, not closed. Progress: extraction is the first
 * half, the algorithm the second; cancellation is checked at every image and inside forward passes.
 */
public final class PartCosegmentationPipeline {

	/** Side of an augmentation crop relative to the resized image. */
	static final double CROP_FRACTION = 0.95;

	private final ImagePasses passes;

	public PartCosegmentationPipeline(final VitModel model) {
		this.passes = new ImagePasses(model);
	}

	/**
	 * Part co-segmentation of a set of images.
	 *
	 * @return one label image per input image, in its original pixel grid
	 */
	public PartCosegmentationResult run(final List<? extends SourceImage> images,
		final PartCosegmentationSettings settings, final Progress progress)
	{
		return PartCosegmentation.run(inputs(images, settings, progress.sub(0, 0.5)), settings, progress.sub(0.5, 1));
	}

	/**
	 * Part co-segmentation of the frames of a time-lapse or video (a stack's planes, in time order):
	 * all frames form one set, so the same part id means the same part in every frame through the
	 * shared clustering; there is no temporal smoothing. Use the large-set defaults (two stages,
	 * num_crop_augmentations 0).
	 *
	 * @throws IllegalArgumentException if the frames differ in size or augmentations are requested
	 */
	public PartCosegmentationResult runFrames(final List<? extends SourceImage> frames,
		final PartCosegmentationSettings settings, final Progress progress)
	{
		if (frames.isEmpty()) throw new IllegalArgumentException("No frames given");
		if (settings.cropAugmentations() > 0) throw new IllegalArgumentException(
			"Crop augmentations are meant for small sets of still images: set num_crop_augmentations to 0 for " +
				frames.size() + " frames");
		final SourceImage first = frames.get(0);
		for (int t = 1; t < frames.size(); t++)
			if (frames.get(t).width() != first.width() || frames.get(t).height() != first.height())
				throw new IllegalArgumentException("Frame " + t + " is " + frames.get(t).width() + " x " + frames.get(t)
					.height() + " px, frame 0 is " + first.width() + " x " + first.height() + " px");
		return PartCosegmentation.runFrames(inputs(frames, settings, progress.sub(0, 0.5)), settings, progress.sub(
			0.5, 1));
	}

	/** The algorithm's inputs: the originals in order, then the augmentations. */
	List<PartInput> inputs(final List<? extends SourceImage> images, final PartCosegmentationSettings settings,
		final Progress progress)
	{
		if (images == null || images.isEmpty()) throw new IllegalArgumentException("No images given");
		final BooleanSupplier cancelled = progress::isCancelled;
		final SplittableRandom rng = new SplittableRandom(settings.seed());
		final int total = images.size() * (1 + 2 * settings.cropAugmentations());
		final List<PartInput> originals = new ArrayList<>();
		final List<PartInput> augmentations = new ArrayList<>();
		int done = 0;
		for (int i = 0; i < images.size(); i++) {
			progress.checkCancelled();
			progress.status("Part co-segmentation: features of image " + (i + 1) + "/" + images.size());
			final SourceImage image = images.get(i);
			final SourceImage resized = ImagePasses.resize(image, settings.loadSize());
			originals.add(original(image, resized, settings, cancelled));
			progress.fraction(++done / (double) total);
			if (settings.cropAugmentations() == 0) continue;
			final SourceImage mirrored = flipHorizontally(resized);
			final int cw = (int) Math.floor(CROP_FRACTION * resized.width());
			final int ch = (int) Math.floor(CROP_FRACTION * resized.height());
			for (int a = 0; a < settings.cropAugmentations(); a++)
				for (final SourceImage source : new SourceImage[] { resized, mirrored }) {
					progress.checkCancelled();
					final SourceImage crop = crop(source, rng.nextInt(source.width() - cw + 1), rng.nextInt(source
						.height() - ch + 1), cw, ch);
					augmentations.add(augmentation(ImagePasses.resize(crop, settings.loadSize()), settings, cancelled));
					progress.fraction(++done / (double) total);
				}
		}
		final List<PartInput> all = new ArrayList<>(originals);
		all.addAll(augmentations);
		return all;
	}

	private PartInput original(final SourceImage image, final SourceImage resized,
		final PartCosegmentationSettings settings, final BooleanSupplier cancelled)
	{
		final int patch = passes.spec().patchSize();
		final int lowWidth = resized.width() / 2, lowHeight = resized.height() / 2;
		final boolean lowRes = settings.lowResSaliency() && lowWidth >= patch && lowHeight >= patch;
		final ImageFeatures f = passes.descriptors(resized, descriptorSettings(settings, !lowRes), cancelled);
		final float[] saliency = lowRes ? passes.lowResSaliency(image, lowWidth, lowHeight, Saliency.defaultHeads(
			passes.spec()), f.grid(), cancelled) : f.saliency();
		return PartInput.original(f.grid(), f.descriptors().data(), f.descriptors().dim(), saliency, ImagePasses
			.packedRgb(resized), image.width(), image.height());
	}

	private PartInput augmentation(final SourceImage resized, final PartCosegmentationSettings settings,
		final BooleanSupplier cancelled)
	{
		final ImageFeatures f = passes.descriptors(resized, descriptorSettings(settings, false), cancelled);
		return PartInput.augmentation(f.grid(), f.descriptors().data(), f.descriptors().dim(), ImagePasses.packedRgb(
			resized));
	}

	private static ExtractionSettings descriptorSettings(final PartCosegmentationSettings s, final boolean saliency) {
		return s.extraction().toBuilder().loadSize(0).saliency(saliency).build();
	}

	/** A copy of the rectangle [x, x + w) x [y, y + h). */
	static SourceImage crop(final SourceImage image, final int x, final int y, final int w, final int h) {
		if (image instanceof ByteImage b) {
			final int ch = b.channels();
			final byte[] out = new byte[w * h * ch];
			for (int r = 0; r < h; r++)
				System.arraycopy(b.data(), ((y + r) * b.width() + x) * ch, out, r * w * ch, w * ch);
			return new ByteImage(w, h, ch, out);
		}
		final FloatGrayImage f = (FloatGrayImage) image;
		final float[] out = new float[w * h];
		for (int r = 0; r < h; r++)
			System.arraycopy(f.data(), (y + r) * f.width() + x, out, r * w, w);
		return new FloatGrayImage(w, h, out);
	}

	/** A mirrored copy (left-right). */
	static SourceImage flipHorizontally(final SourceImage image) {
		final int w = image.width(), h = image.height();
		if (image instanceof ByteImage b) {
			final int ch = b.channels();
			final byte[] out = new byte[w * h * ch];
			for (int r = 0; r < h; r++)
				for (int x = 0; x < w; x++)
					System.arraycopy(b.data(), (r * w + x) * ch, out, (r * w + w - 1 - x) * ch, ch);
			return new ByteImage(w, h, ch, out);
		}
		final float[] d = ((FloatGrayImage) image).data();
		final float[] out = new float[w * h];
		for (int r = 0; r < h; r++)
			for (int x = 0; x < w; x++)
				out[r * w + w - 1 - x] = d[r * w + x];
		return new FloatGrayImage(w, h, out);
	}
}
