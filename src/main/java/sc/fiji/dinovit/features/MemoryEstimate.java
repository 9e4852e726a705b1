package sc.fiji.dinovit.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.dinovit.imglib2.ImagePreprocessor;
import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.imglib2.LoadSize;
import sc.fiji.dinovit.model.ModelSpec;

/**
 * How much memory a run needs: native memory of the ViT forward pass (weights plus the
 * activations of the largest image) and Java heap (one image's transient arrays plus the
 * descriptors the run keeps). An immutable value; {@link #withStride} and {@link #withLoadSize}
 * give the estimate of the same run with other settings, so a refusal can suggest a setting that
 * fits.
 * <p>
 * The activation model follows {@code vit.VitModel}: inside one block live x, LayerNorm 1, the qkv
 * projection (3 tD), the attention heads, their concatenation and reshape, the output projection,
 * x1, LayerNorm 2, both MLP layers (2 t x hidden) and the block output: 13 t D + 2 t hidden
 * floats; while attention runs, the scores of one chunk exist four times (matmul, scale,
 * softmax and its temporary: measured, see docs/robustness.md). {@link #NATIVE_OVERHEAD} and {@link #NATIVE_BASE_BYTES} cover the allocator and
 * intra-op scratch: calibrated against the RSS growth of real passes (docs/robustness.md).
 */
public final class MemoryEstimate {

	/**
	 * Factor on the modelled activations: the measured native RSS growth of a pass of 200 MB or
	 * more was 0.83 to 0.94 times the model (docs/robustness.md); the factor is the margin.
	 */
	public static final double NATIVE_OVERHEAD = 1.2;

	/**
	 * Added to every pass: small passes grew RSS by 8 to 31 MB more than modelled (allocator arenas,
	 * intra-op thread scratch).
	 */
	public static final long NATIVE_BASE_BYTES = 64L << 20;

	/** Floats of the block activations per token and embedding channel, besides the MLP. */
	static final int BLOCK_TD = 13;

	private final ModelSpec spec;
	private final List<ImageSize> images;
	private final int loadSize;
	private final int stride;
	private final boolean bin;
	private final long attentionChunkBytes;
	private final long keptHeapCapBytes;

	private MemoryEstimate(final ModelSpec spec, final List<ImageSize> images, final int loadSize, final int stride,
		final boolean bin, final long attentionChunkBytes, final long keptHeapCapBytes)
	{
		if (images.isEmpty()) throw new IllegalArgumentException("A memory estimate needs at least one image");
		this.spec = spec;
		this.images = Collections.unmodifiableList(new ArrayList<>(images));
		this.loadSize = loadSize;
		this.stride = stride;
		this.bin = bin;
		this.attentionChunkBytes = attentionChunkBytes;
		this.keptHeapCapBytes = keptHeapCapBytes;
	}

	/**
	 * The memory of extracting descriptors from {@code images} (original sizes) with the settings'
	 * load_size, stride and binning.
	 *
	 * @throws IllegalArgumentException for an image the load size would enlarge too much
	 *           ({@link ImagePreprocessor#requireModestEnlargement})
	 * @param keptHeapCapBytes at most this many bytes of descriptors stay on the heap (a
	 *          descriptor store's budget in large-set mode; {@code Long.MAX_VALUE} when every
	 *          image's descriptors are kept, 0 when none is)
	 */
	public static MemoryEstimate of(final ModelSpec spec, final List<ImageSize> images,
		final ExtractionSettings settings, final long attentionChunkBytes, final long keptHeapCapBytes)
	{
		for (final ImageSize s : images)
			ImagePreprocessor.requireModestEnlargement(s.width(), s.height(), LoadSize.shorterSide(settings
				.loadSize()).targetSize(s.width(), s.height()));
		return new MemoryEstimate(spec, images, settings.loadSize(), settings.stride(), settings.bin(),
			attentionChunkBytes, keptHeapCapBytes);
	}

	public MemoryEstimate withStride(final int newStride) {
		return new MemoryEstimate(spec, images, loadSize, newStride, bin, attentionChunkBytes, keptHeapCapBytes);
	}

	public MemoryEstimate withLoadSize(final int newLoadSize) {
		return new MemoryEstimate(spec, images, newLoadSize, stride, bin, attentionChunkBytes, keptHeapCapBytes);
	}

	public ModelSpec spec() { return spec; }

	public int stride() { return stride; }

	public int loadSize() { return loadSize; }

	public int imageCount() { return images.size(); }

	/** The size the largest image (most tokens) is resized to. */
	public ImageSize largestResized() {
		ImageSize best = null;
		long most = -1;
		for (final ImageSize s : images) {
			final ImageSize r = resized(s);
			final long t = tokens(r);
			if (t > most) {
				most = t;
				best = r;
			}
		}
		return best;
	}

	/** Tokens of the largest image's pass, [CLS] and registers included. */
	public long tokens() {
		return tokens(largestResized());
	}

	/** Bytes of the model's float32 weights. */
	public long weightBytes() {
		final long d = spec.embedDim(), p = spec.patchSize(), m = spec.posGridSize();
		final long hidden = spec.mlpHiddenDim();
		final long mlp = spec.mlpType() == ModelSpec.MlpType.SWIGLU ? 3 * d * hidden + 2 * hidden + d
			: 2 * d * hidden + hidden + d;
		final long block = 4 * d * d + 4 * d + mlp + 4 * d + (spec.layerScale() ? 2 * d : 0);
		final long params = 3 * p * p * d + d + (m * m + 1) * d + (1 + spec.numRegisterTokens()) * d + spec.depth() *
			block + 2 * d;
		return 4 * params;
	}

	/**
	 * Native bytes of the activations of the largest image's pass (weights not included): the
	 * modelled activations times {@link #NATIVE_OVERHEAD} plus {@link #NATIVE_BASE_BYTES}.
	 */
	public long activationBytes() {
		return (long) (NATIVE_OVERHEAD * modelledActivationBytes()) + NATIVE_BASE_BYTES;
	}

	/** The activations as modelled from VitModel's allocations, without overhead (for calibration). */
	public long modelledActivationBytes() {
		final ImageSize r = largestResized();
		final long t = tokens(r), d = spec.embedDim(), hidden = spec.mlpHiddenDim();
		final long heads = spec.numHeads();
		final long rows = Math.max(1, Math.min(t, attentionChunkBytes / (4L * heads * t)));
		final long scores = 4L * heads * rows * t;
		final long block = 4L * (BLOCK_TD * t * d + 2 * t * hidden);
		final long attention = 4L * (6 * t * d) + 4 * scores;
		final long embed = 4L * (3L * r.width() * r.height() + 3 * t * d);
		return Math.max(Math.max(block, attention), embed);
	}

	/** Native bytes: weights plus activations. */
	public long nativeBytes() {
		return weightBytes() + activationBytes();
	}

	/** Heap bytes of the descriptors of one image (largest), binned when the settings say so. */
	public long descriptorBytesPerImage() {
		return 4L * tokens() * descriptorDim();
	}

	/**
	 * Java heap bytes: the transient arrays of one pass (original and resized pixels, the
	 * normalised image, the captured facet, saliency, descriptors and their binned copy) plus the
	 * descriptors the run keeps (every image's, at most the cap).
	 */
	public long heapBytes() {
		final ImageSize r = largestResized();
		long orig = 0;
		for (final ImageSize s : images)
			orig = Math.max(orig, (long) s.width() * s.height());
		final long t = tokens(r), d = spec.embedDim();
		final long pixels = 4L * (orig + 3L * 2 * r.width() * r.height());
		final long pass = pixels + 4L * (2 * t * d + t * spec.numHeads()) + 2 * descriptorBytesPerImage();
		long kept = 0;
		for (final ImageSize s : images)
			kept += 4L * tokens(resized(s)) * descriptorDim();
		return pass + Math.min(kept, keptHeapCapBytes);
	}

	private int descriptorDim() {
		return spec.embedDim() * (bin ? LogBinning.blocks(LogBinning.DEFAULT_HIERARCHY) : 1);
	}

	private ImageSize resized(final ImageSize s) {
		return LoadSize.shorterSide(loadSize).targetSize(s.width(), s.height());
	}

	private long tokens(final ImageSize r) {
		final int p = spec.patchSize();
		if (r.width() < p || r.height() < p) return spec.numPrefixTokens();
		final int s = Math.max(1, stride);
		return spec.numPrefixTokens() + (1L + (r.height() - p) / s) * (1L + (r.width() - p) / s);
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%d image(s), largest %s at stride %d: %d tokens, native %.0f MB " +
			"(weights %.0f MB), heap %.0f MB", images.size(), largestResized(), stride, tokens(), nativeBytes() / 1e6,
			weightBytes() / 1e6, heapBytes() / 1e6);
	}
}
