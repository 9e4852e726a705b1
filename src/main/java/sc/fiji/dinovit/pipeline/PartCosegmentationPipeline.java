package sc.fiji.dinovit.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import sc.fiji.dinovit.algorithms.parts.PartCosegmentation;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartInput;
import sc.fiji.dinovit.algorithms.store.DescriptorStore;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.features.LogBinning;
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
 * <b>Memory</b>: descriptors go to a {@link DescriptorStore} (heap up to
 * {@link #memoryBudgetBytes(long)}, the rest in memory-mapped temporary files deleted at the end of
 * the run, also when it fails or is cancelled); per image only the saliency map stays, and the
 * resized RGB image the CRF needs is made again from the caller's image (crops re-cut with the
 * same seeded corners). So a set of 1,000 or more images runs in a small, flat heap.
 * <p>
 * Thread-safe if the model is; the model is borrowed, not closed. Progress: extraction is the first
 * half, the algorithm the second; cancellation is checked at every image and inside forward passes.
 */
public final class PartCosegmentationPipeline {

	/** Side of an augmentation crop relative to the resized image. */
	static final double CROP_FRACTION = 0.95;

	private final ImagePasses passes;
	private long memoryBudgetBytes = -1;
	private Path spillFolder;

	public PartCosegmentationPipeline(final VitModel model) {
		this.passes = new ImagePasses(model);
	}

	/**
	 * Bytes of descriptors kept on the Java heap during a run; the rest go to memory-mapped
	 * temporary files, deleted when the run ends (see {@link DescriptorStore}). Negative (the
	 * default): a quarter of the maximum heap.
	 */
	public PartCosegmentationPipeline memoryBudgetBytes(final long bytes) {
		this.memoryBudgetBytes = bytes;
		return this;
	}

	/** An existing folder for the spill files (default: java.io.tmpdir). */
	public PartCosegmentationPipeline spillFolder(final Path folder) {
		if (folder == null) throw new IllegalArgumentException("Spill folder must not be null");
		this.spillFolder = folder;
		return this;
	}

	/**
	 * Part co-segmentation of a set of images.
	 *
	 * @return one label image per input image, in its original pixel grid
	 * @throws java.io.UncheckedIOException if descriptors beyond the memory budget cannot be
	 *           spilled (full disk, unwritable folder; the message names the folder)
	 */
	public PartCosegmentationResult run(final List<? extends SourceImage> images,
		final PartCosegmentationSettings settings, final Progress progress)
	{
		return run(images, settings, progress, false);
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
		return run(frames, settings, progress, true);
	}

	private PartCosegmentationResult run(final List<? extends SourceImage> images,
		final PartCosegmentationSettings settings, final Progress progress, final boolean frames)
	{
		try (DescriptorStore store = newStore(settings)) {
			final List<PartInput> in = inputs(images, settings, store, progress.sub(0, 0.5));
			return frames ? PartCosegmentation.runFrames(in, settings, progress.sub(0.5, 1)) : PartCosegmentation.run(
				in, settings, progress.sub(0.5, 1));
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Part co-segmentation could not store the descriptors of " + images.size() +
				" images: " + e.getMessage(), e);
		}
	}

	/** A store for the settings' descriptors, with this pipeline's budget and spill folder. */
	DescriptorStore newStore(final PartCosegmentationSettings settings) {
		final int dim = passes.spec().embedDim() * (settings.extraction().bin() ? LogBinning.blocks(
			LogBinning.DEFAULT_HIERARCHY) : 1);
		final DescriptorStore.Builder b = DescriptorStore.builder(dim);
		if (memoryBudgetBytes >= 0) b.heapBudgetBytes(memoryBudgetBytes);
		if (spillFolder != null) b.spillFolder(spillFolder);
		return b.build();
	}

	/**
	 * The algorithm's inputs: the originals in order, then the augmentations. Descriptors go to the
	 * store (the inputs are views of it, valid until it is closed); per image only the saliency
	 * stays in memory, and the resized RGB image is made again when the CRF needs it.
	 */
	List<PartInput> inputs(final List<? extends SourceImage> images, final PartCosegmentationSettings settings,
		final DescriptorStore store, final Progress progress) throws IOException
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
			originals.add(original(image, resized, "image " + (i + 1), settings, store, cancelled));
			progress.fraction(++done / (double) total);
			if (settings.cropAugmentations() == 0) continue;
			final int cw = (int) Math.floor(CROP_FRACTION * resized.width());
			final int ch = (int) Math.floor(CROP_FRACTION * resized.height());
			for (int a = 0; a < settings.cropAugmentations(); a++)
				for (final boolean mirror : new boolean[] { false, true }) {
					progress.checkCancelled();
					final int x = rng.nextInt(resized.width() - cw + 1), y = rng.nextInt(resized.height() - ch + 1);
					final Supplier<SourceImage> crop = () -> augmentationImage(image, settings.loadSize(), mirror, x, y, cw,
						ch);
					augmentations.add(augmentation(crop, "image " + (i + 1) + " crop " + (a + 1) + (mirror ? " mirrored"
						: ""), settings, store, cancelled));
					progress.fraction(++done / (double) total);
				}
		}
		final List<PartInput> all = new ArrayList<>(originals);
		all.addAll(augmentations);
		return all;
	}

	private PartInput original(final SourceImage image, final SourceImage resized, final String id,
		final PartCosegmentationSettings settings, final DescriptorStore store, final BooleanSupplier cancelled)
		throws IOException
	{
		final int patch = passes.spec().patchSize();
		final int lowWidth = resized.width() / 2, lowHeight = resized.height() / 2;
		final boolean lowRes = settings.lowResSaliency() && lowWidth >= patch && lowHeight >= patch;
		final ImageFeatures f = passes.descriptors(resized, descriptorSettings(settings, !lowRes), cancelled);
		final float[] saliency = lowRes ? passes.lowResSaliency(image, lowWidth, lowHeight, Saliency.defaultHeads(
			passes.spec()), f.grid(), cancelled) : f.saliency();
		final int index = store.append(id, f.descriptors());
		return PartInput.original(f.grid(), store.imageSource(index), saliency, () -> ImagePasses.packedRgb(
			ImagePasses.resize(image, settings.loadSize())), image.width(), image.height());
	}

	/** @param image makes the augmentation as the network sees it, again for the CRF (so it need not be kept) */
	private PartInput augmentation(final Supplier<SourceImage> image, final String id,
		final PartCosegmentationSettings settings, final DescriptorStore store, final BooleanSupplier cancelled)
		throws IOException
	{
		final ImageFeatures f = passes.descriptors(image.get(), descriptorSettings(settings, false), cancelled);
		final int index = store.append(id, f.descriptors());
		return PartInput.augmentation(f.grid(), store.imageSource(index), () -> ImagePasses.packedRgb(image.get()));
	}

	/**
	 * An augmentation: the resized image (mirrored if asked), cropped to [x, x + w) x [y, y + h),
	 * resized again with load_size.
	 */
	static SourceImage augmentationImage(final SourceImage image, final int loadSize, final boolean mirror,
		final int x, final int y, final int w, final int h)
	{
		final SourceImage resized = ImagePasses.resize(image, loadSize);
		return ImagePasses.resize(crop(mirror ? flipHorizontally(resized) : resized, x, y, w, h), loadSize);
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
